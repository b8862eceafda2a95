using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Evidence;
using FhirPriorAuth.Policies.Tests.Builders;
using static FhirPriorAuth.Policies.Tests.Evidence.EvidenceAssert;

namespace FhirPriorAuth.Policies.Tests.Evidence;

/// <summary>DTR answers as facts: by item code, by linkId, every answer type, nested groups.</summary>
public class QuestionnaireResponseEvidenceTests
{
    [Fact]
    public void Answers_map_by_linkId_with_their_item_as_source()
    {
        var qr = new QuestionnaireResponseBuilder(id: "dtr-7")
            .Answer("ki67", 15m).Answer("karnofsky", 80).Answer("adequateOrganFunction", true)
            .Answer("progressionDate", new DateOnly(2025, 11, 20)).Answer("sstrImaging", "positive")
            .Answer("priorTherapy", "octreotide-lar", "lanreotide").Build();
        var e = QuestionnaireResponseEvidence.Extract(qr);
        var ki67 = Single(e, "ki67");
        Assert.Equal(15m, ki67.Value);
        Assert.Equal(new FactSource(FactSourceKind.QuestionnaireAnswer, "QuestionnaireResponse/dtr-7#ki67"), ki67.Source);
        Assert.Equal(80, Value(e, "karnofsky"));
        Assert.True((bool)Value(e, "adequateOrganFunction"));
        Assert.Equal(Date(2025, 11, 20), Value(e, "progressionDate"));
        Assert.Equal("positive", Value(e, "sstrImaging"));
        Assert.Equal(["lanreotide", "octreotide-lar"], Codes(e, "priorTherapy"));
    }

    [Fact]
    public void Items_map_by_the_Questionnaire_item_code_when_the_linkId_is_not_a_fact_name()
    {
        var questionnaire = new JsonObject
        {
            ["resourceType"] = "Questionnaire",
            ["item"] = new JsonArray(new JsonObject
            {
                ["linkId"] = "section-1", ["type"] = "group",
                ["item"] = new JsonArray(new JsonObject
                {
                    ["linkId"] = "q3", ["type"] = "quantity",
                    ["code"] = new JsonArray(new JsonObject { ["system"] = "http://loinc.org", ["code"] = "29593-1" }),
                }),
            }),
        };
        var qr = new QuestionnaireResponseBuilder().Group("section-1", g => g.AnswerQuantity("q3", 22, "%")).Build();
        var ki67 = Single(QuestionnaireResponseEvidence.Extract(qr, questionnaire), "ki67");
        Assert.Equal(22m, ki67.Value);
        Assert.Equal("QuestionnaireResponse/dtr-response#q3", ki67.Source.Reference);
        Absent(QuestionnaireResponseEvidence.Extract(qr), "ki67");
    }

    [Fact]
    public void A_contained_Questionnaire_is_used()
    {
        var qr = new QuestionnaireResponseBuilder().AnswerCoding("q1", "http://snomed.info/sct", "271299001").Build();
        qr["questionnaire"] = "#q";
        qr["contained"] = new JsonArray(new JsonObject
        {
            ["resourceType"] = "Questionnaire", ["id"] = "q",
            ["item"] = new JsonArray(new JsonObject
            {
                ["linkId"] = "q1", ["code"] = new JsonArray(new JsonObject { ["system"] = "http://loinc.org", ["code"] = "97509-4" }),
            }),
        });
        Assert.Equal("worsened", Value(QuestionnaireResponseEvidence.Extract(qr), "progression"));
    }

    [Fact]
    public void SNOMED_codings_strings_and_decimals_are_read_as_the_fact_kind()
    {
        var e = QuestionnaireResponseEvidence.Extract(new QuestionnaireResponseBuilder()
            .AnswerCoding("sstrImaging", "http://snomed.info/sct", "260385009")
            .AnswerString("rccHistology", "clear-cell")
            .AnswerString("failedTherapy", "Somatuline Depot")
            .Answer("mitoticRate", 4).Answer("longActingSsaWashoutDays", 30)
            .Answer("diagnosis", "C7A010").Build());
        Assert.Equal("negative", Value(e, "sstrImaging"));
        Assert.Equal("clear-cell", Value(e, "rccHistology"));
        Assert.Equal("lanreotide", Value(e, "failedTherapy"));
        Assert.Equal(4m, Value(e, "mitoticRate"));
        Assert.Equal(30, Value(e, "longActingSsaWashoutDays"));
        Assert.Equal("C7A.010", Value(e, "diagnosis"));
    }

    [Fact]
    public void Answers_that_do_not_fit_the_fact_are_noted_and_skipped()
    {
        var e = QuestionnaireResponseEvidence.Extract(new QuestionnaireResponseBuilder()
            .Answer("sstrImaging", "maybe").Answer("ki67", true).Answer("notes", "free text").Build());
        Absent(e, "sstrImaging");
        Absent(e, "ki67");
        Assert.Equal(2, e.Notes.Count);
    }

    [Fact]
    public void Answers_nested_under_an_answer_are_found()
    {
        var qr = new QuestionnaireResponseBuilder().Answer("transplant", "kidney").Build();
        qr["item"]![0]!["answer"]![0]!["item"] = new JsonArray(new JsonObject
        {
            ["linkId"] = "immediateSurgeryRequired", ["answer"] = new JsonArray(new JsonObject { ["valueBoolean"] = false }),
        });
        var e = QuestionnaireResponseEvidence.Extract(qr);
        Assert.Equal(["kidney"], Codes(e, "transplant"));
        Assert.False((bool)Value(e, "immediateSurgeryRequired"));
    }

    [Fact]
    public void A_response_inside_the_PAS_bundle_is_merged_with_the_chart()
    {
        var e = PasBundleEvidence.Extract(PasRequestBuilder.Lutathera().Ki67(15)
            .QuestionnaireResponse(new QuestionnaireResponseBuilder().Answer("ki67", 15.0m).Answer("karnofsky", 90)).Build());
        Assert.Equal(2, e["ki67"].Count);
        Assert.Empty(e.Conflicts);
        Assert.Equal(90, Value(e, "karnofsky"));
    }

    [Fact]
    public void Creatinine_and_weight_answered_in_DTR_give_a_Cockcroft_Gault_clearance_with_the_charts_age_and_sex()
    {
        var e = PasBundleEvidence.Extract(PasRequestBuilder.Lutathera().Patient(age: 60, sex: "female")
            .QuestionnaireResponse(new QuestionnaireResponseBuilder().Answer("serumCreatinine", 1.0m).Answer("bodyWeight", 70m)).Build());
        var crcl = Single(e, "creatinineClearance");
        Assert.Equal(66.1m, crcl.Value);
        Assert.Equal(FactSourceKind.QuestionnaireAnswer, crcl.DerivedFrom![0].Source.Kind);
        Assert.Equal(FactSourceKind.Resource, crcl.DerivedFrom[2].Source.Kind);
    }

    [Theory]
    [InlineData("stable", true)]
    [InlineData("worsened", false)]
    public void A_disease_status_answered_in_DTR_on_a_renewal_says_whether_therapy_is_working(string status, bool responding)
    {
        var e = PasBundleEvidence.Extract(PasRequestBuilder.Lutathera().Renewal()
            .QuestionnaireResponse(new QuestionnaireResponseBuilder().Answer("progression", status)).Build());
        var fact = Single(e, "respondingToTherapy");
        Assert.Equal(responding, fact.Value);
        Assert.Equal(["progression", "continuation"], fact.DerivedFrom!.Select(f => f.Name));
    }

    [Fact]
    public void Conflicting_creatinine_gives_no_computed_clearance()
    {
        var e = PasBundleEvidence.Extract(PasRequestBuilder.Lutathera().Creatinine(1.0m, weightKg: 70)
            .QuestionnaireResponse(new QuestionnaireResponseBuilder().Answer("serumCreatinine", 1.4m)).Build());
        Absent(e, "creatinineClearance");
        Assert.Contains(e.Conflicts, c => c.Name == "serumCreatinine");
    }

    [Fact]
    public void A_chart_and_an_answer_that_disagree_conflict()
    {
        var e = PasBundleEvidence.Extract(PasRequestBuilder.Lutathera().Ki67(15).SstrImaging(true)
            .QuestionnaireResponse(new QuestionnaireResponseBuilder().Answer("ki67", 25m).Answer("sstrImaging", "positive")).Build());
        var conflict = Assert.Single(e.Conflicts);
        Assert.Equal("ki67", conflict.Name);
        Assert.Equal([FactSourceKind.Resource, FactSourceKind.QuestionnaireAnswer], conflict.Facts.Select(f => f.Source.Kind));
    }

    [Fact]
    public void A_DTR_bundle_inside_the_PAS_bundle_is_read_with_its_Questionnaire()
    {
        var questionnaire = new JsonObject
        {
            ["resourceType"] = "Questionnaire", ["id"] = "lutathera", ["url"] = "http://fhirpriorauth.example.org/fhir/Questionnaire/lutathera-wellmark",
            ["item"] = new JsonArray(new JsonObject
            {
                ["linkId"] = "3.1", ["code"] = new JsonArray(new JsonObject { ["system"] = PasRequestBuilder.PaEvidence, ["code"] = "sstr-imaging" }),
            }),
        };
        var qr = new QuestionnaireResponseBuilder(id: "dtr-9").AnswerCoding("3.1", "http://snomed.info/sct", "10828004").Build();
        qr["questionnaire"] = "http://fhirpriorauth.example.org/fhir/Questionnaire/lutathera-wellmark|2026.1";
        var dtrBundle = new JsonObject
        {
            ["resourceType"] = "Bundle", ["id"] = "dtr-bundle", ["type"] = "collection",
            ["entry"] = new JsonArray(new JsonObject { ["resource"] = qr }, new JsonObject { ["resource"] = questionnaire }),
        };
        var e = PasBundleEvidence.Extract(PasRequestBuilder.Lutathera().Resource(dtrBundle).Build());
        var sstr = Single(e, "sstrImaging");
        Assert.Equal("positive", sstr.Value);
        Assert.Equal("QuestionnaireResponse/dtr-9#3.1", sstr.Source.Reference);
    }

    [Fact]
    public void A_Questionnaire_resolved_through_the_options()
    {
        var qr = new QuestionnaireResponseBuilder().Answer("q-ki", 12m).Build();
        var questionnaire = new JsonObject
        {
            ["resourceType"] = "Questionnaire",
            ["item"] = new JsonArray(new JsonObject
            {
                ["linkId"] = "q-ki", ["code"] = new JsonArray(new JsonObject { ["system"] = "http://loinc.org", ["code"] = "29593-1" }),
            }),
        };
        var options = new EvidenceOptions { ResolveQuestionnaire = url => url.EndsWith("lutathera-wellmark", StringComparison.Ordinal) ? questionnaire : null };
        var e = PasBundleEvidence.Extract(PasRequestBuilder.Lutathera().QuestionnaireResponse(qr).Build(), options: options);
        Assert.Equal(12m, Value(e, "ki67"));
    }
}
