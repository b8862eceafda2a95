using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Evidence;
using static FhirPriorAuth.Policies.Tests.Dtr.DtrArtifacts;

namespace FhirPriorAuth.Policies.Tests.Dtr;

/// <summary>
/// The templates and the evidence layer agree: a QuestionnaireResponse answering every question of a template turns
/// into one fact per question, with the value the answer means.
/// </summary>
public sealed class AnsweredTemplateTests
{
    public static TheoryData<string> QuestionnairePaths() => new(QuestionnaireFiles.Select(Relative));

    private static readonly IReadOnlyDictionary<string, JsonObject> Package = PackageByUrl();

    // One plausible answer per question, and the fact value it should become.
    private static (JsonObject Answer, object Value) AnswerFor(JsonObject item)
    {
        switch ((string)item["type"]!)
        {
            case "boolean": return (new JsonObject { ["valueBoolean"] = true }, true);
            case "integer": return (new JsonObject { ["valueInteger"] = 3 }, 3);
            case "decimal": return (new JsonObject { ["valueDecimal"] = 12.5m }, 12.5m);
            case "date": return (new JsonObject { ["valueDate"] = "2026-01-02" }, "2026-01-02");
            default:
                var coding = item["answerOption"] is JsonArray options
                    ? options[0]!["valueCoding"]!.AsObject()
                    : Package[(string)item["answerValueSet"]!]["expansion"]!["contains"]![0]!.AsObject();
                var code = (string)coding["code"]!;
                return (new JsonObject { ["valueCoding"] = new JsonObject { ["system"] = coding["system"]!.DeepClone(), ["code"] = code } }, code);
        }
    }

    private static JsonArray Answered(JsonNode? items, Dictionary<string, object> expected)
    {
        var answered = new JsonArray();
        foreach (var item in items?.AsArray().OfType<JsonObject>() ?? [])
        {
            var response = new JsonObject { ["linkId"] = LinkId(item) };
            if ((string)item["type"]! == "group")
                response["item"] = Answered(item["item"], expected);
            else if ((string)item["type"]! != "display")
            {
                var (answer, value) = AnswerFor(item);
                response["answer"] = new JsonArray(answer);
                if (FactCatalog.Find(LinkId(item)) is not null) expected[LinkId(item)] = value;
            }
            answered.Add(response);
        }
        return answered;
    }

    [Theory]
    [MemberData(nameof(QuestionnairePaths))]
    public void Given_EveryQuestionAnswered_When_TheEvidenceLayerReadsTheResponse_Then_EachFactHasTheAnsweredValue(string path)
    {
        var questionnaire = Load(Path.Combine(Testing.SharedData.RepoRoot, path));
        var expected = new Dictionary<string, object>(StringComparer.Ordinal);
        var response = new JsonObject
        {
            ["resourceType"] = "QuestionnaireResponse",
            ["id"] = "answered",
            ["questionnaire"] = (string)questionnaire["url"]!,
            ["status"] = "completed",
            ["item"] = Answered(questionnaire["item"], expected),
        };

        var evidence = QuestionnaireResponseEvidence.Extract(response, questionnaire);

        Assert.NotEmpty(expected);
        foreach (var (fact, value) in expected)
        {
            var facts = evidence[fact];
            Assert.True(facts.Count == 1, $"{fact}: {facts.Count} facts from one answer");
            var actual = facts[0].Value is { } v && v.GetType().Name == "PartialDateTime" ? v.ToString()![..10] : facts[0].Value;
            Assert.True(Equals(value, actual), $"{fact}: answered {value}, read {actual}");
            Assert.Equal($"QuestionnaireResponse/answered#{fact}", facts[0].Source.Reference);
        }
    }
}
