using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Evidence;
using FhirPriorAuth.Policies.Tests.Builders;
using static FhirPriorAuth.Policies.Tests.Evidence.EvidenceAssert;

namespace FhirPriorAuth.Policies.Tests.Evidence;

/// <summary>Facts stated by coded Observations.</summary>
public class ObservationEvidenceTests
{
    private static EvidenceSet Extract(PasRequestBuilder b) => PasBundleEvidence.Extract(b.Build());

    [Fact]
    public void Ki67_mitotic_rate_and_necrosis()
    {
        var e = Extract(PasRequestBuilder.Lutathera().Ki67(15).MitoticRate(3).TumorNecrosis(false));
        var ki67 = Single(e, "ki67");
        Assert.Equal(15m, ki67.Value);
        Assert.Equal(new FactSource(FactSourceKind.Resource, PasRequestBuilder.FullUrl("Observation", "ki67"), "Observation.valueQuantity"), ki67.Source);
        Assert.Equal(3m, Value(e, "mitoticRate"));
        Assert.False((bool)Value(e, "tumorNecrosis"));
    }

    [Fact]
    public void A_bare_request_states_only_what_the_claim_coverage_and_patient_say()
    {
        var e = Extract(PasRequestBuilder.Lutathera());
        Assert.Equal(
            ["age", "benefit", "certificationType", "continuation", "dosesGiven", "dosesRequested", "drug", "lineOfBusiness",
             "payer", "prescriberSpecialty", "product", "serviceDate", "sex"],
            e.Names.Order(StringComparer.Ordinal));
        Assert.Empty(e.Notes);
    }

    [Fact]
    public void A_bare_everolimus_request_adds_only_the_order_facts()
    {
        var e = Extract(PasRequestBuilder.Everolimus());
        Assert.Equal(
            ["age", "benefit", "brandRequested", "certificationType", "continuation", "dailyDoseMg", "dosageForm", "drug", "lineOfBusiness",
             "payer", "prescriberSpecialty", "product", "requestedDays", "serviceDate", "sex", "tabletsPerDay"],
            e.Names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Ki67_as_a_fraction_is_read_in_percent()
    {
        var e = Extract(PasRequestBuilder.Lutathera().Observation("ki67", PasRequestBuilder.Concept(PasRequestBuilder.Loinc, "29593-1"),
            "valueQuantity", new JsonObject { ["value"] = 0.15m, ["system"] = PasRequestBuilder.Ucum, ["code"] = "1" }));
        Assert.Equal(15m, (decimal)Value(e, "ki67"));
    }

    [Fact]
    public void A_value_in_an_unknown_unit_is_noted_not_guessed()
    {
        var e = Extract(PasRequestBuilder.Lutathera().Observation("ki67", PasRequestBuilder.Concept(PasRequestBuilder.Loinc, "29593-1"),
            "valueQuantity", new JsonObject { ["value"] = 15, ["code"] = "mg" }));
        Absent(e, "ki67");
        Assert.Contains(e.Notes, n => n.Contains("ki67", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true, "positive")]
    [InlineData(false, "negative")]
    public void Sstr_imaging_reads_the_SNOMED_result(bool positive, string expected) =>
        Assert.Equal(expected, Value(Extract(PasRequestBuilder.Lutathera().SstrImaging(positive)), "sstrImaging"));

    [Fact]
    public void The_latest_disease_status_wins_and_the_latest_worsening_dates_progression()
    {
        var e = Extract(PasRequestBuilder.Lutathera()
            .Progression("worsened", new DateOnly(2025, 6, 1))
            .Progression("worsened", new DateOnly(2025, 11, 20))
            .Progression("stable", new DateOnly(2025, 9, 1)));
        Assert.Equal("worsened", Value(e, "progression"));
        Assert.Equal(Date(2025, 11, 20), Value(e, "progressionDate"));
        Assert.Empty(e.Conflicts);
    }

    [Fact]
    public void Stable_latest_status_keeps_the_last_worsening_date()
    {
        var e = Extract(PasRequestBuilder.Lutathera()
            .Progression("worsened", new DateOnly(2025, 6, 1)).Progression("improved", new DateOnly(2026, 1, 5)));
        Assert.Equal("improved", Value(e, "progression"));
        Assert.Equal(Date(2025, 6, 1), Value(e, "progressionDate"));
    }

    [Fact]
    public void Responding_to_therapy_on_a_renewal_follows_the_latest_status()
    {
        Assert.True((bool)Value(Extract(PasRequestBuilder.Lutathera().Renewal().Progression("stable")), "respondingToTherapy"));
        Assert.False((bool)Value(Extract(PasRequestBuilder.Lutathera().Renewal().Progression("worsened")), "respondingToTherapy"));
        Absent(Extract(PasRequestBuilder.Lutathera().Progression("stable")), "respondingToTherapy");
    }

    [Fact]
    public void Resectability_collects_every_stated_extent()
    {
        var e = Extract(PasRequestBuilder.Lutathera().Resectability("unresectable").Resectability("metastatic"));
        Assert.Equal(["metastatic", "unresectable"], Codes(e, "resectability"));
    }

    [Fact]
    public void Karnofsky_as_integer_or_quantity()
    {
        Assert.Equal(70, Value(Extract(PasRequestBuilder.Lutathera().Karnofsky(70)), "karnofsky"));
        var e = Extract(PasRequestBuilder.Lutathera().Observation("kps", PasRequestBuilder.Concept(PasRequestBuilder.Loinc, "89243-0"),
            "valueQuantity", new JsonObject { ["value"] = 80 }));
        Assert.Equal(80, Value(e, "karnofsky"));
    }

    [Theory]
    [InlineData("tumor-burden-significant", "tumorBurdenSignificant")]
    [InlineData("carcinoid-syndrome-uncontrolled", "carcinoidSyndromeUncontrolled")]
    [InlineData("adequate-organ-function", "adequateOrganFunction")]
    [InlineData("generic-not-suitable", "genericNotSuitable")]
    [InlineData("immediate-surgery-required", "immediateSurgeryRequired")]
    [InlineData("adjunctive-therapy", "adjunctiveTherapy")]
    [InlineData("off-label-dose-supported", "offLabelDoseSupported")]
    [InlineData("recurrent", "recurrent")]
    [InlineData("tumor-necrosis", "tumorNecrosis")]
    public void Pa_evidence_attestations_are_booleans(string code, string fact)
    {
        Assert.True((bool)Value(Extract(PasRequestBuilder.Lutathera().Flag(code, true)), fact));
        Assert.False((bool)Value(Extract(PasRequestBuilder.Lutathera().Flag(code, false)), fact));
    }

    [Fact]
    public void Pa_evidence_coded_and_counted_facts()
    {
        var e = Extract(PasRequestBuilder.Everolimus()
            .Coded("rcc-histology", "clear-cell").Coded("line-of-therapy", "subsequent")
            .Count("nonhematologic-toxicity", 1).Count("renal-toxicity-delay", 3)
            .Observation("contra", PasRequestBuilder.Concept(PasRequestBuilder.PaEvidence, "therapy-contraindicated"),
                "valueCodeableConcept", new JsonObject { ["text"] = "Sutent" }));
        Assert.Equal("clear-cell", Value(e, "rccHistology"));
        Assert.Equal("subsequent", Value(e, "lineOfTherapy"));
        Assert.Equal(1, Value(e, "nonHematologicGrade3PlusCount"));
        Assert.Equal(3, Value(e, "renalToxicityDelayWeeks"));
        Assert.Equal(["sunitinib"], Codes(e, "therapyContraindicated"));
    }

    [Fact]
    public void Renal_delay_in_days_is_whole_weeks()
    {
        var e = Extract(PasRequestBuilder.Lutathera().Observation("delay", PasRequestBuilder.Concept(PasRequestBuilder.PaEvidence, "renal-toxicity-delay"),
            "valueQuantity", PasRequestBuilder.Qty(20, "d")));
        Assert.Equal(2, Value(e, "renalToxicityDelayWeeks"));
    }

    [Fact]
    public void Entered_in_error_observations_are_ignored()
    {
        var bundle = PasRequestBuilder.Lutathera().Ki67(15).Build();
        bundle["entry"]!.AsArray().Select(x => x!["resource"]!).Single(r => (string?)r["id"] == "ki67")["status"] = "entered-in-error";
        Absent(PasBundleEvidence.Extract(bundle), "ki67");
    }
}
