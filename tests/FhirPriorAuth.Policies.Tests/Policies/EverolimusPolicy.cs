using FhirPriorAuth.Policies.Artifacts;
using FhirPriorAuth.Policies.Decisions;
using FhirPriorAuth.Testing;

namespace FhirPriorAuth.Policies.Tests.Policies;

/// <summary>How a test request reaches the engine.</summary>
public enum EvidenceRoute
{
    /// <summary>Catalog facts handed to the engine directly: the policy alone is under test.</summary>
    Facts,
    /// <summary>A PAS request bundle with structured resources, read by the evidence layer.</summary>
    PasBundle,
    /// <summary>A PAS bundle carrying the request, with the clinical facts answered in a DTR QuestionnaireResponse.</summary>
    Dtr,
}

/// <summary>The Centene everolimus PlanDefinition from the checkout, loaded and validated once.</summary>
public static class EverolimusPolicy
{
    public const string Url = "http://fhirpriorauth.example.org/fhir/PlanDefinition/centene-everolimus";
    public const string File = "centene/everolimus/PlanDefinition-centene-everolimus.json";
    public const string Name = "Centene CP.PHAR.63";

    private static readonly Lazy<(LoadedPolicy? Policy, IReadOnlyList<PolicyLoadProblem> Problems)> Loaded = new(() =>
    {
        var catalog = PolicyRoots.Under(SharedData.RepoRoot).Load();
        return (catalog.Policies.SingleOrDefault(p => p.Url == Url), catalog.Problems.Where(p => p.File == File).ToList());
    });

    /// <summary>Problems the loader found in this PlanDefinition (other artifacts are not this test's business).</summary>
    public static IReadOnlyList<PolicyLoadProblem> Problems => Loaded.Value.Problems;

    public static LoadedPolicy Policy =>
        Loaded.Value.Policy ?? throw new InvalidOperationException("the PlanDefinition did not load: " + string.Join("; ", Problems));

    public static Decision Decide(EverolimusRequest request, EvidenceRoute route) => route switch
    {
        EvidenceRoute.Facts => DecisionEngine.Decide(request.ToEvidence(), PolicyCatalog.Of(Policy)),
        _ => DecisionEngine.Decide(EverolimusEvidence.Read(request, route), PolicyCatalog.Of(Policy)),
    };

    /// <summary>The result of the action with this id, anywhere in the decision's criteria tree.</summary>
    public static CriterionResult Criterion(this Decision decision, string id) =>
        Find(decision.Criteria, id) ?? throw new InvalidOperationException($"no criterion '{id}' in the decision");

    private static CriterionResult? Find(IReadOnlyList<CriterionResult> results, string id)
    {
        foreach (var r in results)
        {
            if (r.Id == id) return r;
            if (Find(r.Children, id) is { } found) return found;
        }
        return null;
    }
}
