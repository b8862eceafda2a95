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
    public void A_chart_and_an_answer_that_disagree_conflict()
    {
        var e = PasBundleEvidence.Extract(PasRequestBuilder.Lutathera().Ki67(15).SstrImaging(true)
            .QuestionnaireResponse(new QuestionnaireResponseBuilder().Answer("ki67", 25m).Answer("sstrImaging", "positive")).Build());
        var conflict = Assert.Single(e.Conflicts);
        Assert.Equal("ki67", conflict.Name);
        Assert.Equal([FactSourceKind.Resource, FactSourceKind.QuestionnaireAnswer], conflict.Facts.Select(f => f.Source.Kind));
    }
}
