using FhirPriorAuth.Policies.Artifacts;
using FhirPriorAuth.Testing;

namespace FhirPriorAuth.Policies.Tests.Artifacts;

/// <summary>The payer policies the project ships (questionnaires/ and ig-packages/fhirpriorauth/ at the checkout root).</summary>
public sealed class RepoArtifactsTests
{
    private static readonly PolicyRoots Roots = PolicyRoots.Under(SharedData.RepoRoot);

    private static bool HasPolicies =>
        Directory.Exists(Roots.Questionnaires)
        && Directory.EnumerateFiles(Roots.Questionnaires, "PlanDefinition-*.json", SearchOption.AllDirectories).Any();

    [Fact]
    public void ShippedArtifacts_LoadWithZeroProblems()
    {
        Assert.SkipWhen(!HasPolicies, "questionnaires/ holds no PlanDefinition on this branch");
        Assert.SkipWhen(!Directory.Exists(Roots.Package), "ig-packages/fhirpriorauth/ is not on this branch");
        var catalog = Roots.Load();
        Assert.Empty(catalog.Problems.Select(p => p.ToString()));
        // A revision whose text is not on file has no criteria: it pends every date of service it governs.
        Assert.All(catalog.Policies, p => Assert.True(p.CriterionCount > 0 || p.TextNotOnFile is not null, p.File));
    }

    [Fact]
    public void DefaultRoots_AreFoundFromAnyFolderInsideTheCheckout()
    {
        var found = PolicyRoots.Find(Path.Combine(SharedData.RepoRoot, "src", "FhirPriorAuth.Policies"));
        Assert.NotNull(found);
        Assert.Equal(Path.Combine(SharedData.RepoRoot, "questionnaires"), found.Questionnaires);
        Assert.Equal(Path.Combine(SharedData.RepoRoot, "ig-packages", "fhirpriorauth"), found.Package);
    }
}
