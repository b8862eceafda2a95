using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Artifacts;
using FhirPriorAuth.Policies.Decisions;
using FhirPriorAuth.Policies.Tests.Artifacts;
using static FhirPriorAuth.Policies.Tests.Decisions.TestPolicy;

namespace FhirPriorAuth.Policies.Tests.Decisions;

/// <summary>A retired policy governs up to and including its last day; its successor from its first.</summary>
public sealed class PolicySelectionTests : IDisposable
{
    private readonly ArtifactFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private PolicyCatalog TwoVersions()
    {
        var retired = _folder.Read(ArtifactFolder.Plan);
        retired["status"] = "retired";
        retired["version"] = "2025.1";
        retired["effectivePeriod"] = new JsonObject { ["start"] = "2025-01-01", ["end"] = "2026-01-31" };
        _folder.Write("PlanDefinition-retired.json", retired);
        var current = _folder.Read(ArtifactFolder.Plan);
        current["effectivePeriod"] = new JsonObject { ["start"] = "2026-02-01" };
        _folder.Write(ArtifactFolder.Plan, current);
        var catalog = _folder.Load();
        Assert.Empty(catalog.Problems);
        return catalog;
    }

    [Theory]
    [InlineData("2024-12-31", null)]
    [InlineData("2025-01-01", "2025.1")]
    [InlineData("2026-01-31", "2025.1")]
    [InlineData("2026-02-01", "2026.1")]
    [InlineData("2031-06-30", "2026.1")]
    public void FindByDateOfService(string date, string? version)
    {
        var catalog = TwoVersions();
        Assert.Equal(version, catalog.Find("wellmark", "lutathera", DateOnly.Parse(date))?.Version);
        Assert.Null(catalog.Find("wellmark", "everolimus", DateOnly.Parse(date)));
        Assert.Null(catalog.Find("centene", "lutathera", DateOnly.Parse(date)));
    }

    [Fact]
    public void DecisionNamesTheVersionInEffect()
    {
        var catalog = TwoVersions();
        var d = DecisionEngine.Decide(Replacing(F("serviceDate", Date("2026-01-31"))), catalog);
        Assert.Equal("2025.1", d.PolicyVersion);
        Assert.Equal(ReviewAction.Approved, d.Action);
    }
}
