using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Evidence;
using FhirPriorAuth.Policies.Tests.Builders;
using static FhirPriorAuth.Policies.Tests.Evidence.EvidenceAssert;

namespace FhirPriorAuth.Policies.Tests.Evidence;

/// <summary>
/// Therapy history read as a medical director reads a chart: a course stopped without a reason is history whose
/// outcome is unknown (never "did not fail"), a course still taken is history once it has run for a while, a status
/// dated before the drug started says nothing about the response, and a consultation is read from the care team.
/// </summary>
public class TherapyHistoryEvidenceTests
{
    private static readonly DateOnly On = PasRequestBuilder.DefaultServiceDate; // 2026-03-02

    private static EvidenceSet Extract(PasRequestBuilder b) => PasBundleEvidence.Extract(b.Build());

    [Theory]
    [InlineData("stopped")]
    [InlineData("on-hold")]
    public void A_course_stopped_without_a_reason_is_received_but_neither_failed_nor_stopped_for_another_reason(string status)
    {
        var e = Extract(PasRequestBuilder.Everolimus().Therapy("tacrolimus", On.AddDays(-400), On.AddDays(-60), status));

        Assert.Equal(["tacrolimus"], Codes(e, "priorTherapy"));
        Assert.Equal(["tacrolimus"], Codes(e, "therapyStopReasonUndocumented"));
        Assert.Equal(["tacrolimus"], Codes(e, "therapyHistory"));
        Assert.Empty(e["failedTherapy"]);
        Assert.Empty(e["therapyStoppedOtherReason"]);
    }

    [Theory]
    [InlineData("disease progression", "failedTherapy")]
    [InlineData("nephrotoxicity", "failedTherapy")]
    [InlineData("not tolerated: mouth sores", "failedTherapy")]
    [InlineData("unreadable reason", "failedTherapy")]
    [InlineData("course completed", "therapyStoppedOtherReason")]
    [InlineData("complete remission", "therapyStoppedOtherReason")]
    [InlineData("patient choice", "therapyStoppedOtherReason")]
    public void A_stop_reason_is_a_failure_unless_it_says_the_course_ended_for_another_reason(string reason, string fact)
    {
        var e = Extract(PasRequestBuilder.Everolimus().Therapy("sunitinib", On.AddDays(-400), On.AddDays(-60), "stopped", reason));

        Assert.Equal(["sunitinib"], Codes(e, fact));
        Assert.Empty(e[fact == "failedTherapy" ? "therapyStoppedOtherReason" : "failedTherapy"]);
        Absent(e, "therapyStopReasonUndocumented");
    }

    [Theory]
    [InlineData(730, true)]   // two years of tamoxifen still taken: endocrine history
    [InlineData(31, true)]
    [InlineData(30, false)]   // begun with the requested drug: its partner, not its history
    [InlineData(0, false)]
    public void A_course_still_taken_is_history_once_it_began_more_than_30_days_before_the_date_of_service(int daysAgo, bool history)
    {
        var e = Extract(PasRequestBuilder.Everolimus().Therapy("tamoxifen", On.AddDays(-daysAgo)));

        Assert.Equal(["tamoxifen"], Codes(e, "currentTherapy"));
        Assert.Equal(history, e["therapyHistory"].Count > 0);
    }

    [Theory]
    [InlineData("Fareston 60 mg tablet", "toremifene")]
    [InlineData("megestrol acetate 40 mg", "megestrol")]
    [InlineData("fluoxymesterone", "fluoxymesterone")]
    [InlineData("ethinyl estradiol 1 mg", "ethinyl-estradiol")]
    [InlineData("Proleukin (aldesleukin)", "aldesleukin")]
    [InlineData("Torisel 25 mg IV", "temsirolimus")]
    [InlineData("Lenvima 18 mg", "lenvatinib")]
    [InlineData("Tarceva", "erlotinib")]
    [InlineData("Yervoy", "ipilimumab")]
    public void Appendix_B_therapies_are_recognised_by_name(string text, string agent)
    {
        var e = Extract(PasRequestBuilder.Everolimus().Resource(new JsonObject
        {
            ["resourceType"] = "MedicationStatement", ["id"] = "appendix-b", ["status"] = "completed",
            ["medicationCodeableConcept"] = new JsonObject { ["text"] = text },
            ["subject"] = PasRequestBuilder.Ref("Patient", "patient"),
            ["effectivePeriod"] = new JsonObject { ["start"] = PasRequestBuilder.Date(On.AddYears(-2)), ["end"] = PasRequestBuilder.Date(On.AddYears(-1)) },
        }));

        Assert.Equal([agent], Codes(e, "priorTherapy"));
    }

    [Fact]
    public void A_disease_status_dated_before_everolimus_started_says_nothing_about_the_response()
    {
        var e = Extract(PasRequestBuilder.Everolimus().Renewal()
            .Therapy("everolimus", On.AddDays(-90))
            .Progression("stable", On.AddDays(-120)));

        Absent(e, "respondingToTherapy");
        Assert.Contains(e.Notes, n => n.Contains("predates the start of everolimus", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("stable", true)]
    [InlineData("worsened", false)]
    public void A_disease_status_dated_after_everolimus_started_is_the_response(string status, bool responding)
    {
        var e = Extract(PasRequestBuilder.Everolimus().Renewal()
            .Therapy("everolimus", On.AddDays(-90))
            .Progression("worsened", On.AddDays(-120))
            .Progression(status, On.AddDays(-10)));

        Assert.Equal(responding, Value(e, "respondingToTherapy"));
    }

    [Fact]
    public void A_care_team_member_other_than_the_prescriber_is_the_consulting_specialist()
    {
        var e = Extract(PasRequestBuilder.Everolimus().Prescriber("207Q00000X").Consultant("207RX0202X"));

        Assert.Equal(["207Q00000X"], Codes(e, "prescriberSpecialty"));
        Assert.Equal(["207RX0202X"], Codes(e, "consultingSpecialty"));
    }

    [Theory]
    [InlineData("0078-0627-61", "tablet-for-suspension")]   // Afinitor Disperz 3 mg
    [InlineData("60219-2280-01", "tablet-for-suspension")]  // generic tablets for oral suspension
    [InlineData("0054-0482-21", "tablet")]                  // generic 10 mg tablets
    [InlineData("0078-0567-51", "tablet")]                  // Afinitor
    public void The_product_code_names_the_dosage_form(string ndc, string form)
    {
        var e = Extract(PasRequestBuilder.Everolimus(ndc: ndc));

        Assert.Equal(form, Value(e, "dosageForm"));
    }
}
