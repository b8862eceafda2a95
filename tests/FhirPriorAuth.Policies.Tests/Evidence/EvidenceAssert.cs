using FhirPriorAuth.Fhir.FhirPath.Values;
using FhirPriorAuth.Policies.Evidence;

namespace FhirPriorAuth.Policies.Tests.Evidence;

internal static class EvidenceAssert
{
    /// <summary>The one value stated for a fact (all sources agree), and its first fact.</summary>
    public static Fact Single(EvidenceSet evidence, string name)
    {
        var facts = evidence[name];
        Assert.True(facts.Count > 0, $"no {name} fact; have: {string.Join(", ", evidence.Names)}; notes: {string.Join(" | ", evidence.Notes)}");
        Assert.Single(facts.Select(f => f.Value).Distinct());
        return facts[0];
    }

    public static object Value(EvidenceSet evidence, string name) => Single(evidence, name).Value;

    public static void Absent(EvidenceSet evidence, string name) =>
        Assert.False(evidence.Has(name), $"unexpected {name}: {string.Join(", ", evidence[name].Select(f => f.Value))}");

    public static PartialDateTime Date(int year, int month, int day) => new(TemporalKind.Date, DateTimePrecision.Day, year, month, day);

    public static string[] Codes(EvidenceSet evidence, string name) => [.. evidence[name].Select(f => (string)f.Value).Order()];
}
