using FhirPriorAuth.Policies.Evidence;
using static FhirPriorAuth.Policies.Tests.Evidence.EvidenceAssert;

namespace FhirPriorAuth.Policies.Tests.Evidence;

/// <summary>Merging sources: equal values agree whatever their spelling, different ones conflict.</summary>
public class EvidenceSetTests
{
    private static readonly FactSource Chart = new(FactSourceKind.Resource, "Observation/1");
    private static readonly FactSource Answer = new(FactSourceKind.QuestionnaireAnswer, "QuestionnaireResponse/q#x");

    private static EvidenceSet Of(params Fact[] facts)
    {
        var set = new EvidenceSet();
        foreach (var f in facts) set.Add(f);
        return set;
    }

    [Fact]
    public void Decimal_scale_and_an_integer_for_a_decimal_fact_are_the_same_value()
    {
        var merged = EvidenceSet.Merge(Of(new Fact("ki67", 15m, Chart)), Of(new Fact("ki67", 15.0m, Answer)), Of(new Fact("ki67", 15, Answer)));
        Assert.Empty(merged.Conflicts);
        Assert.Equal(15m, Assert.Single(merged.Values("ki67")));
    }

    [Fact]
    public void Dates_agree_across_DateOnly_and_FHIRPath_dates()
    {
        var merged = EvidenceSet.Merge(Of(new Fact("progressionDate", new DateOnly(2025, 11, 20), Chart)),
            Of(new Fact("progressionDate", Date(2025, 11, 20), Answer)));
        Assert.Empty(merged.Conflicts);
    }

    [Fact]
    public void Different_values_of_a_single_valued_fact_conflict()
    {
        var merged = EvidenceSet.Merge(Of(new Fact("sstrImaging", "positive", Chart)), Of(new Fact("sstrImaging", "negative", Answer)));
        var conflict = Assert.Single(merged.Conflicts);
        Assert.Equal(2, conflict.Facts.Count);
    }

    [Fact]
    public void Repeating_facts_never_conflict_and_notes_survive_a_merge()
    {
        var a = Of(new Fact("priorTherapy", "lanreotide", Chart));
        a.AddNote("odd unit");
        var merged = EvidenceSet.Merge(a, Of(new Fact("priorTherapy", "octreotide-lar", Answer)));
        Assert.Empty(merged.Conflicts);
        Assert.Equal(["odd unit"], merged.Notes);
    }
}
