using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Evidence;
using FhirPriorAuth.Policies.Tests.Builders;
using static FhirPriorAuth.Policies.Tests.Evidence.EvidenceAssert;

namespace FhirPriorAuth.Policies.Tests.Evidence;

/// <summary>Therapy history: agents, washouts, doses given, progression on SSA.</summary>
public class TherapyEvidenceTests
{
    private static readonly DateOnly On = PasRequestBuilder.DefaultServiceDate; // 2026-03-02

    private static EvidenceSet Extract(PasRequestBuilder b) => PasBundleEvidence.Extract(b.Build());

    [Fact]
    public void Prior_current_and_failed_agents()
    {
        var e = Extract(PasRequestBuilder.Lutathera()
            .LongActingSsa(lastDose: On.AddDays(-40), stopReason: "disease progression")
            .Therapy("telotristat", On.AddYears(-1))
            .Therapy("Xermelo", On.AddYears(-2), On.AddYears(-1)));
        Assert.Equal(["octreotide-lar", "telotristat"], Codes(e, "priorTherapy"));
        Assert.Equal(["telotristat"], Codes(e, "currentTherapy"));
        var failed = Single(e, "failedTherapy");
        Assert.Equal("octreotide-lar", failed.Value);
        Assert.EndsWith(".statusReason", failed.Source.Expression);
    }

    [Theory]
    [InlineData(28)]
    [InlineData(27)]
    [InlineData(0)]
    public void Long_acting_washout_counts_days_from_the_last_dose(int days)
    {
        var e = Extract(PasRequestBuilder.Lutathera().LongActingSsa(lastDose: On.AddDays(-days)));
        var washout = Single(e, "longActingSsaWashoutDays");
        Assert.Equal(days, washout.Value);
        Assert.Equal("serviceDate", Assert.Single(washout.DerivedFrom!).Name);
    }

    [Fact]
    public void Lanreotide_administration_counts_as_long_acting_and_the_latest_of_several_wins()
    {
        var e = Extract(PasRequestBuilder.Lutathera()
            .LongActingSsa(lastDose: On.AddDays(-90))
            .Resource(new JsonObject
            {
                ["resourceType"] = "MedicationAdministration", ["id"] = "lanreotide-shot", ["status"] = "completed",
                ["medicationCodeableConcept"] = PasRequestBuilder.Concept(PasRequestBuilder.Hcpcs, "J1930"),
                ["effectiveDateTime"] = PasRequestBuilder.Date(On.AddDays(-35)),
            }));
        Assert.Equal(35, Value(e, "longActingSsaWashoutDays"));
        Assert.Contains("lanreotide", Codes(e, "priorTherapy"));
    }

    [Fact]
    public void An_ongoing_long_acting_SSA_has_no_washout_to_count()
    {
        var e = Extract(PasRequestBuilder.Lutathera().Therapy("octreotide-lar", On.AddYears(-1)));
        Absent(e, "longActingSsaWashoutDays");
        Assert.Equal(["octreotide-lar"], Codes(e, "currentTherapy"));
    }

    [Theory]
    [InlineData("2026-03-01T00:00:00+00:00", 24)]
    [InlineData("2026-03-01T00:30:00+00:00", 23)]
    [InlineData("2026-02-28T20:00:00-05:00", 28)]
    public void Short_acting_washout_counts_hours_to_the_start_of_the_service_day(string lastDose, int hours)
    {
        var e = Extract(PasRequestBuilder.Lutathera().ShortActingOctreotide(DateTimeOffset.Parse(lastDose, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(hours, Value(e, "shortActingSsaWashoutHours"));
        Assert.Equal(["octreotide"], Codes(e, "priorTherapy"));
        Absent(e, "longActingSsaWashoutDays");
    }

    [Fact]
    public void Lutathera_doses_given_are_counted_from_administrations()
    {
        var e = Extract(PasRequestBuilder.Lutathera(doses: 2).Renewal()
            .LutatheraDoseGiven(On.AddDays(-112)).LutatheraDoseGiven(On.AddDays(-56)));
        var given = Single(e, "dosesGiven");
        Assert.Equal(2, given.Value);
        Assert.Equal(FactSourceKind.Computed, given.Source.Kind);
        Assert.Equal(2, given.DerivedFrom!.Count);
        Assert.Equal(112, Value(e, "receivingDrugDays"));
    }

    [Fact]
    public void Receiving_everolimus_days_from_the_first_course_start()
    {
        var e = Extract(PasRequestBuilder.Everolimus().Renewal().Therapy("everolimus", On.AddDays(-180)));
        Assert.Equal(180, Value(e, "receivingDrugDays"));
        Assert.True((bool)Value(e, "continuation"));
    }

    [Fact]
    public void A_course_of_the_drug_long_stopped_is_a_restart_not_a_continuation()
    {
        var e = Extract(PasRequestBuilder.Everolimus().Therapy("everolimus", On.AddYears(-3), On.AddYears(-2)));
        Absent(e, "receivingDrugDays");
        Assert.False((bool)Value(e, "continuation"));
        Assert.Equal(["everolimus"], Codes(e, "priorTherapy"));
    }

    [Theory]
    [InlineData(30, true)]
    [InlineData(31, false)]
    public void A_course_stopped_within_thirty_days_is_still_under_way(int daysAgo, bool continuation)
    {
        var e = Extract(PasRequestBuilder.Everolimus().Therapy("everolimus", On.AddDays(-200), On.AddDays(-daysAgo)));
        Assert.Equal(continuation, Value(e, "continuation"));
        Assert.Equal(continuation, e.Has("receivingDrugDays"));
    }

    [Fact]
    public void Progression_after_starting_an_SSA_is_progression_on_SSA()
    {
        var e = Extract(PasRequestBuilder.Lutathera()
            .LongActingSsa(lastDose: On.AddDays(-30), start: On.AddYears(-1))
            .Progression("worsened", On.AddDays(-60)));
        var fact = Single(e, "progressionOnSsa");
        Assert.True((bool)fact.Value);
        Assert.Equal(FactSourceKind.Computed, fact.Source.Kind);
    }

    [Fact]
    public void Progression_before_any_SSA_is_not_on_SSA()
    {
        var e = Extract(PasRequestBuilder.Lutathera()
            .LongActingSsa(lastDose: On.AddDays(-30), start: On.AddDays(-200))
            .Progression("worsened", On.AddDays(-300)).Progression("stable", On.AddDays(-40)));
        Assert.False((bool)Value(e, "progressionOnSsa"));
    }

    [Fact]
    public void An_SSA_stopped_for_progression_is_progression_on_SSA_without_a_status_observation()
    {
        var e = Extract(PasRequestBuilder.Lutathera().LongActingSsa(lastDose: On.AddDays(-30), stopReason: "progression on CT"));
        Assert.True((bool)Value(e, "progressionOnSsa"));
    }

    [Fact]
    public void No_SSA_history_leaves_progression_on_SSA_undocumented()
    {
        Absent(Extract(PasRequestBuilder.Lutathera().Progression("worsened")), "progressionOnSsa");
    }

    [Fact]
    public void Not_taken_statements_are_not_therapy()
    {
        var e = Extract(PasRequestBuilder.Lutathera().Therapy("lanreotide", On.AddYears(-1), On.AddDays(-60), status: "not-taken"));
        Absent(e, "priorTherapy");
    }
}
