using FhirPriorAuth.Policies.Evidence;
using FhirPriorAuth.Policies.Tests.Builders;

namespace FhirPriorAuth.Policies.Tests.Evidence;

/// <summary>
/// "No recurrent grade 2-4 thrombocytopenia" (CBC continuation): recurrent means a second episode after recovery or
/// after a dose given on a hold's resolution, not two draws in one nadir. Doses on days 0 and 56 (before the date of
/// service); each row lists platelet results as value@day-after-first-dose and the episodes counted.
/// </summary>
public sealed class ToxicityEpisodeTests
{
    private static readonly DateOnly On = PasRequestBuilder.DefaultServiceDate;
    private static readonly DateOnly First = On.AddDays(-112);

    [Theory]
    [InlineData("60@21;55@28", 1)]            // two draws in one nadir
    [InlineData("60@21;210@35;58@42", 2)]     // recovered, then a second episode
    [InlineData("60@21;65@60", 2)]            // toxic again after the dose of day 56 (treatment resumed)
    [InlineData("60@21;90@35;70@42", 2)]      // grade 1 in between is recovery (the label resumes at grade 0-1)
    [InlineData("210@21", 0)]
    public void Recurrent_thrombocytopenia_counts_episodes_not_draws(string results, int episodes)
    {
        var b = PasRequestBuilder.Lutathera(doses: 2).Renewal().LutatheraDoseGiven(First).LutatheraDoseGiven(First.AddDays(56));
        foreach (var r in results.Split(';'))
        {
            var parts = r.Split('@');
            b.Platelets(decimal.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture),
                First.AddDays(int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)));
        }
        var evidence = PasBundleEvidence.Extract(b.Build());

        Assert.Equal(episodes, evidence["thrombocytopeniaGrade2PlusCount"].Single().Value);
    }
}
