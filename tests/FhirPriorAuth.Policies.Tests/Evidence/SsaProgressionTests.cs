using FhirPriorAuth.Policies.Evidence;
using FhirPriorAuth.Policies.Tests.Builders;

namespace FhirPriorAuth.Policies.Tests.Evidence;

/// <summary>
/// "Progression while on octreotide LAR or lanreotide" is a temporal overlap: a worsening during the analogue course or
/// within 12 weeks of its last dose. Each row: the analogue course (days before the date of service), the disease
/// statuses (status@days before), and the progressionOnSsa the evidence layer states (null: not stated, so it pends).
/// </summary>
public sealed class SsaProgressionTests
{
    private static readonly DateOnly On = PasRequestBuilder.DefaultServiceDate;

    public static TheoryData<int, int, string, bool?> Rows => new()
    {
        // SSA start, SSA last dose, statuses, expected
        { 400, 35, "worsened@20", true },                 // during the course
        { 400, 120, "worsened@60", true },                // 60 days after the last dose: inside the 12-week window
        { 400, 200, "worsened@20", null },                // 180 days after the last dose: off the analogue, nothing during it
        { 400, 200, "stable@300;worsened@20", false },    // documented stable on it, progressed only after it
        { 400, 35, "worsened@500", null },                // a worsening before the analogue started says nothing about it
        { 400, 35, "worsened@500;stable@100", false },    // ...with a status on the analogue that is not a worsening
        { 400, 35, "stable@300;worsened@100", true },
        { 400, 35, "", null },                            // no disease status documented
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Progression_on_an_analogue_is_a_worsening_during_it_or_within_12_weeks_of_its_last_dose(
        int startDaysAgo, int lastDoseDaysAgo, string statuses, bool? expected)
    {
        var b = PasRequestBuilder.Lutathera().LongActingSsa(lastDose: On.AddDays(-lastDoseDaysAgo), start: On.AddDays(-startDaysAgo));
        foreach (var s in statuses.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = s.Split('@');
            b.Progression(parts[0], On.AddDays(-int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)));
        }
        var evidence = PasBundleEvidence.Extract(b.Build());

        Assert.Equal(expected, evidence["progressionOnSsa"].SingleOrDefault()?.Value as bool?);
    }
}
