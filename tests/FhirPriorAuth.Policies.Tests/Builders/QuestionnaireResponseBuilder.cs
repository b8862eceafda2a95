using System.Globalization;
using System.Text.Json.Nodes;

namespace FhirPriorAuth.Policies.Tests.Builders;

/// <summary>
/// Builds a DTR QuestionnaireResponse whose fact-bearing items use the fact name as linkId (our DTR convention):
/// <c>new QuestionnaireResponseBuilder().Answer("ki67", 15m).Answer("sstrImaging", "positive").Build()</c>.
/// A string answer becomes a valueCoding with that code (use <see cref="AnswerString"/> for valueString).
/// </summary>
public sealed class QuestionnaireResponseBuilder
{
    private readonly JsonObject _response;
    private readonly JsonArray _items = [];

    public QuestionnaireResponseBuilder(string id = "dtr-response",
        string questionnaire = "http://fhirpriorauth.example.org/fhir/Questionnaire/lutathera-wellmark")
    {
        _response = new JsonObject
        {
            ["resourceType"] = "QuestionnaireResponse",
            ["id"] = id,
            ["questionnaire"] = questionnaire,
            ["status"] = "completed",
            ["subject"] = new JsonObject { ["reference"] = "Patient/patient" },
            ["authored"] = "2026-02-27T10:00:00Z",
        };
    }

    public QuestionnaireResponseBuilder Answer(string linkId, bool value) => Item(linkId, new JsonObject { ["valueBoolean"] = value });
    public QuestionnaireResponseBuilder Answer(string linkId, int value) => Item(linkId, new JsonObject { ["valueInteger"] = value });
    public QuestionnaireResponseBuilder Answer(string linkId, decimal value) => Item(linkId, new JsonObject { ["valueDecimal"] = value });

    public QuestionnaireResponseBuilder Answer(string linkId, DateOnly value) =>
        Item(linkId, new JsonObject { ["valueDate"] = value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });

    /// <summary>One valueCoding answer per code (several codes: a repeating item such as priorTherapy).</summary>
    public QuestionnaireResponseBuilder Answer(string linkId, params string[] codes) =>
        Item(linkId, [.. codes.Select(c => new JsonObject { ["valueCoding"] = new JsonObject { ["code"] = c } })]);

    public QuestionnaireResponseBuilder AnswerCoding(string linkId, string system, string code) =>
        Item(linkId, new JsonObject { ["valueCoding"] = new JsonObject { ["system"] = system, ["code"] = code } });

    /// <summary>The provider signs the form: a Practitioner author (their answers are attestations, except those left as pre-filled).</summary>
    public QuestionnaireResponseBuilder SignedBy(string practitioner = "Practitioner/prescriber")
    {
        _response["author"] = new JsonObject { ["reference"] = practitioner };
        return this;
    }

    /// <summary>A coded answer pre-populated from the chart and left as it was (DTR information-origin <c>auto</c>).</summary>
    public QuestionnaireResponseBuilder AnswerPrefilled(string linkId, string code) =>
        Item(linkId, new JsonObject
        {
            ["valueCoding"] = new JsonObject { ["system"] = "http://fhirpriorauth.example.org/fhir/CodeSystem/pa-evidence", ["code"] = code },
            ["extension"] = new JsonArray(new JsonObject
            {
                ["url"] = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/information-origin",
                ["extension"] = new JsonArray(new JsonObject { ["url"] = "source", ["valueCode"] = "auto" }),
            }),
        });

    public QuestionnaireResponseBuilder AnswerString(string linkId, string text) => Item(linkId, new JsonObject { ["valueString"] = text });

    public QuestionnaireResponseBuilder AnswerQuantity(string linkId, decimal value, string ucum) =>
        Item(linkId, new JsonObject { ["valueQuantity"] = PasRequestBuilder.Qty(value, ucum) });

    /// <summary>A group item holding the answers <paramref name="fill"/> adds.</summary>
    public QuestionnaireResponseBuilder Group(string linkId, Action<QuestionnaireResponseBuilder> fill)
    {
        var inner = new QuestionnaireResponseBuilder();
        fill(inner);
        _items.Add(new JsonObject { ["linkId"] = linkId, ["item"] = inner._items.DeepClone() });
        return this;
    }

    public JsonObject Build()
    {
        var response = _response.DeepClone().AsObject();
        response["item"] = _items.DeepClone();
        return response;
    }

    private QuestionnaireResponseBuilder Item(string linkId, params JsonObject[] answers)
    {
        _items.Add(new JsonObject { ["linkId"] = linkId, ["answer"] = new JsonArray([.. answers]) });
        return this;
    }
}
