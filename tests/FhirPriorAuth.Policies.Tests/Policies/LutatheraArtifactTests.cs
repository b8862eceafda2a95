using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Artifacts;

namespace FhirPriorAuth.Policies.Tests.Policies;

/// <summary>The two Lutathera PlanDefinitions load cleanly, govern the dates their headers give, and DTR asks what they read.</summary>
public sealed class LutatheraArtifactTests
{
    [Fact]
    public void The_Lutathera_artifacts_load_without_problems()
    {
        Assert.Empty(LutatheraDecisions.LutatheraProblems);
        Assert.Contains(LutatheraDecisions.Catalog.Policies, p => p.Payer == "capital-blue-cross" && p.Drug == "lutathera");
        Assert.Contains(LutatheraDecisions.Catalog.Policies, p => p.Payer == "wellmark" && p.Drug == "lutathera");
    }

    [Theory]
    [InlineData("capital-blue-cross", "2020-07-01", "2026-01-31", "retired", "Capital Blue Cross MP 2.371")]
    [InlineData("wellmark", "2026-01-01", null, "active", "Wellmark 06.01.38")]
    public void Each_policy_carries_its_effective_period_status_and_name(string payer, string start, string? end, string status, string name)
    {
        var policy = Policy(payer);

        Assert.Equal(DateOnly.Parse(start), policy.EffectiveStart);
        Assert.Equal(end is null ? null : DateOnly.Parse(end), policy.EffectiveEnd);
        Assert.Equal(status, policy.Status);
        Assert.Equal(name, policy.PolicyName);
    }

    /// <summary>Facts the request itself carries (claim, coverage, patient, administrations), which DTR need not ask.</summary>
    private static readonly HashSet<string> FromTheRequest =
        ["payer", "drug", "serviceDate", "lineOfBusiness", "age", "diagnosis", "dosesRequested", "dosesGiven", "continuation", "currentTherapy",
         "dosesGivenIncomplete"]; // a course documented without a count: the form's dosesGiven answer settles it

    [Theory]
    [InlineData("capital-blue-cross")]
    [InlineData("wellmark")]
    public void The_DTR_questionnaire_asks_for_every_clinical_fact_the_policy_reads(string payer)
    {
        var url = $"http://fhirpriorauth.example.org/fhir/Questionnaire/{payer}-lutathera";
        Assert.SkipUnless(LutatheraDecisions.Catalog.Questionnaires.TryGetValue(url, out var questionnaire),
            $"{url} is not on this branch (the DTR templates are written separately)");

        var asked = new HashSet<string>(StringComparer.Ordinal);
        Collect(questionnaire!["item"] as JsonArray, asked);
        var notAsked = Facts(Policy(payer).Actions).Where(f => !FromTheRequest.Contains(f) && !asked.Contains(f)).Distinct().Order().ToList();

        Assert.True(notAsked.Count == 0, $"the policy reads facts its DTR questionnaire does not ask: {string.Join(", ", notAsked)}");
    }

    private static LoadedPolicy Policy(string payer) =>
        Assert.Single(LutatheraDecisions.Catalog.Policies, p => p.Payer == payer && p.Drug == "lutathera");

    private static IEnumerable<string> Facts(IEnumerable<PolicyAction> actions) =>
        actions.SelectMany(a => (a.Condition?.Facts ?? []).Concat(a.QuantityLimit?.Maximum.Facts ?? []).Concat(Facts(a.Children)));

    private static void Collect(JsonArray? items, HashSet<string> linkIds)
    {
        foreach (var item in items ?? [])
        {
            if (item?["linkId"]?.GetValue<string>() is { } linkId) linkIds.Add(linkId);
            Collect(item?["item"] as JsonArray, linkIds);
        }
    }
}
