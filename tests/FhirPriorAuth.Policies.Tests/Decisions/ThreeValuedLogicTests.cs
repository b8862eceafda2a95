using FhirPriorAuth.Policies.Decisions;
using FhirPriorAuth.Policies.Evidence;
using static FhirPriorAuth.Policies.Tests.Decisions.TestPolicy;

namespace FhirPriorAuth.Policies.Tests.Decisions;

/// <summary>
/// The test policy's criterion 4 is "one or more of: progression on an SSA, prior lanreotide"; the pathway is "all of"
/// criteria 1–4. Each row documents the two children as true, false or not at all.
/// </summary>
public sealed class ThreeValuedLogicTests
{
    private static EvidenceSet Request(bool? progressionOnSsa, bool? lanreotide)
    {
        var set = Approvable("progressionOnSsa");
        if (progressionOnSsa is { } p) set.Add(F("progressionOnSsa", p));
        if (lanreotide is { } l) set.Add(F("priorTherapy", l ? "lanreotide" : "octreotide-lar", "MedicationStatement/ms1"));
        return set;
    }

    [Theory]
    [InlineData(true, true, CriterionOutcome.Met)]
    [InlineData(true, false, CriterionOutcome.Met)]
    [InlineData(true, null, CriterionOutcome.Met)]
    [InlineData(false, true, CriterionOutcome.Met)]
    [InlineData(null, true, CriterionOutcome.Met)]
    [InlineData(false, false, CriterionOutcome.NotMet)]
    // A repeating fact with nothing documented is unknown, not "contains is false": no therapy history sent pends
    // (docs/policy-format.md, "Absent facts"; issue 9 class 1 — this row said NotMet before).
    [InlineData(false, null, CriterionOutcome.Unknown)]
    [InlineData(null, null, CriterionOutcome.Unknown)]
    public void OneOrMore(bool? progressionOnSsa, bool? lanreotide, CriterionOutcome expected)
    {
        var d = DecisionEngine.Decide(Request(progressionOnSsa, lanreotide), Catalog);
        Assert.Equal(expected, d.Criteria[1].Children[3].Outcome);
        // The pathway's other criteria are met, so "all" follows the group.
        Assert.Equal(expected, d.Criteria[1].Outcome);
        Assert.Equal(expected switch
        {
            CriterionOutcome.Met => ReviewAction.Approved,
            CriterionOutcome.NotMet => ReviewAction.Denied,
            _ => ReviewAction.Pended,
        }, d.Action);
    }

    [Theory]
    [InlineData(80, "positive", CriterionOutcome.Met)]
    [InlineData(50, "positive", CriterionOutcome.NotMet)]
    [InlineData(null, "positive", CriterionOutcome.Unknown)]
    [InlineData(50, null, CriterionOutcome.NotMet)]
    [InlineData(null, null, CriterionOutcome.Unknown)]
    [InlineData(null, "negative", CriterionOutcome.NotMet)]
    public void All(int? karnofsky, string? sstr, CriterionOutcome expected)
    {
        var set = Approvable("karnofsky", "sstrImaging");
        if (karnofsky is { } k) set.Add(F("karnofsky", k));
        if (sstr is not null) set.Add(F("sstrImaging", sstr));
        Assert.Equal(expected, DecisionEngine.Decide(set, Catalog).Criteria[1].Outcome);
    }

    [Fact]
    public void PathwayWhoseApplicabilityIsUnknown_PendsNamingThatFact()
    {
        var d = DecisionEngine.Decide(Approvable("continuation"), Catalog);
        Assert.Equal(ReviewAction.Pended, d.Action);
        Assert.Contains("The request continues therapy already under way (renewal/extension, or prior doses of the drug) (%continuation)", d.MissingDocumentation);
    }

    [Fact]
    public void MostCompleteUnknownPathway_IsTheOneNamed()
    {
        // Initial lacks two facts, continuation one: the pend names continuation's.
        var set = Approvable("continuation", "karnofsky", "sstrImaging");
        var d = DecisionEngine.Decide(set, Catalog);
        Assert.Equal(ReviewAction.Pended, d.Action);
        Assert.StartsWith("Pended — Continuation of therapy", d.Summary);
    }
}
