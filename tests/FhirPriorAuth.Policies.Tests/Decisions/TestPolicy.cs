using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.FhirPath.Values;
using FhirPriorAuth.Policies.Artifacts;
using FhirPriorAuth.Policies.Evidence;

namespace FhirPriorAuth.Policies.Tests.Decisions;

/// <summary>The small Wellmark-style Lutathera policy under TestPolicies/, and requests against it.</summary>
internal static class TestPolicy
{
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "Decisions", "TestPolicies");
    public static string Questionnaires => Path.Combine(Root, "questionnaires");
    public static string Package => Path.Combine(Root, "package");
    public static string PlanFile => Path.Combine(Questionnaires, "wellmark", "lutathera", "PlanDefinition-test-wellmark-lutathera.json");

    private static readonly Lazy<PolicyCatalog> LazyCatalog = new(() => PolicyCatalog.Load(Questionnaires, Package));

    public static PolicyCatalog Catalog => LazyCatalog.Value;

    public static JsonObject PlanJson() => (JsonObject)JsonNode.Parse(File.ReadAllText(PlanFile))!;

    public static PartialDateTime Date(string text) => PartialDateTime.ParseDate(text)!;

    public static Fact F(string name, object value, string? source = null) =>
        new(name, value, new FactSource(FactSourceKind.Resource, source ?? $"Observation/{name}"));

    /// <summary>An initial request that meets every criterion, on 2026-03-15, commercial.</summary>
    public static EvidenceSet Approvable(params string[] without)
    {
        var facts = new List<Fact>
        {
            F("payer", "wellmark", "Organization/payer"), F("drug", "lutathera", "Claim/c1"), F("serviceDate", Date("2026-03-15"), "Claim/c1"),
            F("lineOfBusiness", "commercial", "Coverage/cov"), F("continuation", false, "Claim/c1"), F("age", 58, "Patient/p"),
            F("diagnosis", "C7A.010", "Condition/net"), F("diagnosis", "C7B.02", "Condition/mets"),
            F("sstrImaging", "positive", "DiagnosticReport/dotatate"), F("karnofsky", 80, "Observation/kps-1"),
            F("progressionOnSsa", true, "Observation/progression"), F("dosesRequested", 4, "Claim/c1"), F("requestedDays", 240, "Claim/c1"),
        };
        var set = new EvidenceSet();
        foreach (var f in facts.Where(f => !without.Contains(f.Name))) set.Add(f);
        return set;
    }

    public static EvidenceSet With(this EvidenceSet set, params Fact[] facts)
    {
        foreach (var f in facts) set.Add(f);
        return set;
    }

    /// <summary>The approvable request with some facts replaced.</summary>
    public static EvidenceSet Replacing(params Fact[] facts) =>
        Approvable(facts.Select(f => f.Name).Distinct().ToArray()).With(facts);
}
