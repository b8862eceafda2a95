namespace FhirPriorAuth.Policies.Tests.Policies;

/// <summary>The two Lutathera PlanDefinitions load cleanly and govern the dates their headers give.</summary>
public sealed class LutatheraArtifactTests
{
    [Fact]
    public void Both_Lutathera_policies_load_without_problems()
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
        var policy = Assert.Single(LutatheraDecisions.Catalog.Policies, p => p.Payer == payer && p.Drug == "lutathera");

        Assert.Equal(DateOnly.Parse(start), policy.EffectiveStart);
        Assert.Equal(end is null ? null : DateOnly.Parse(end), policy.EffectiveEnd);
        Assert.Equal(status, policy.Status);
        Assert.Equal(name, policy.PolicyName);
    }
}
