using System.Net;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Tests.Infrastructure;

namespace FhirPriorAuth.Server.Tests.Dtr;

/// <summary>
/// DTR 2.0.1 adaptive forms over our own forms (SDC <c>$next-question</c>): one question at a time in form order, the
/// form's enableWhen deciding which branch is asked, ending with a completed response.
/// </summary>
public sealed class NextQuestionTests
{
    internal const string CapitalLutathera = "http://fhirpriorauth.example.org/fhir/Questionnaire/capital-blue-cross-lutathera";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The adaptive start a DTR client makes: an empty response whose contained Questionnaire derives from our form.</summary>
    internal static JsonObject Start(string form) => new()
    {
        ["resourceType"] = "QuestionnaireResponse",
        ["id"] = "adaptive-response",
        ["contained"] = new JsonArray(new JsonObject
        {
            ["resourceType"] = "Questionnaire", ["id"] = "adaptive", ["derivedFrom"] = new JsonArray(form), ["status"] = "active",
        }),
        ["questionnaire"] = "#adaptive",
        ["status"] = "in-progress",
        ["subject"] = new JsonObject { ["reference"] = "Patient/pat-1" },
    };

    internal static async Task<(HttpStatusCode Status, JsonObject Body)> NextAsync(HttpClient client, JsonObject response, string path = "/fhir/Questionnaire/$next-question")
    {
        var parameters = new JsonObject
        {
            ["resourceType"] = "Parameters",
            ["parameter"] = new JsonArray(new JsonObject { ["name"] = "questionnaire-response", ["resource"] = response.DeepClone() }),
        };
        var answer = await client.SendAsync(FhirRequests.Post(path, parameters.ToJsonString()), Ct);
        return (answer.StatusCode, JsonNode.Parse(await answer.Content.ReadAsStringAsync(Ct))!.AsObject());
    }

    internal static JsonObject Questionnaire(JsonObject response) =>
        response["contained"]!.AsArray().OfType<JsonObject>().Single(c => (string?)c["resourceType"] == "Questionnaire");

    internal static IEnumerable<JsonObject> Questions(JsonNode? node) =>
        (node?["item"] as JsonArray ?? []).OfType<JsonObject>()
            .SelectMany(i => (string?)i["type"] is "group" or "display" ? Questions(i) : [i, .. Questions(i)]);

    internal static List<string> LinkIds(JsonObject response) => [.. Questions(Questionnaire(response)).Select(i => (string)i["linkId"]!)];

    /// <summary>The response with an answer to <paramref name="question"/> (a value of its type), placed where the form has it.</summary>
    internal static JsonObject Answer(JsonObject response, JsonObject question, JsonNode? value = null)
    {
        var copy = response.DeepClone().AsObject();
        var answer = new JsonObject();
        var (name, node) = (string?)question["type"] switch
        {
            "boolean" => ("valueBoolean", value ?? JsonValue.Create(false)),
            "integer" => ("valueInteger", value ?? JsonValue.Create(1)),
            "decimal" => ("valueDecimal", value ?? JsonValue.Create(1.5m)),
            "date" => ("valueDate", value ?? JsonValue.Create("2026-01-15")),
            "choice" => ("valueCoding", value ?? (question["answerOption"]?[0]?["valueCoding"]?.DeepClone() ?? new JsonObject { ["code"] = "other" })),
            _ => ("valueString", value ?? JsonValue.Create("as documented")),
        };
        answer[name] = node;
        var items = copy["item"] as JsonArray ?? [];
        items.Add(new JsonObject { ["linkId"] = question["linkId"]!.DeepClone(), ["answer"] = new JsonArray(answer) });
        copy["item"] = items;
        return copy;
    }

    private static List<string> Answered(JsonNode? items) =>
        [.. (items as JsonArray ?? []).OfType<JsonObject>().SelectMany(i => i["answer"] is not null ? [(string)i["linkId"]!] : Answered(i["item"]))];

    [Fact]
    public async Task The_first_call_asks_the_forms_first_question_with_its_prepopulation_expression()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var (status, body) = await NextAsync(server.CreateClient(), Start(CapitalLutathera));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("QuestionnaireResponse", (string?)body["resourceType"]);
        Assert.Equal("in-progress", (string?)body["status"]);
        var adaptive = Questionnaire(body);
        Assert.Equal("#" + (string?)adaptive["id"], (string?)body["questionnaire"]);
        Assert.StartsWith(CapitalLutathera + "|", (string?)adaptive["derivedFrom"]![0]);
        Assert.Contains(adaptive["extension"]!.AsArray(), e => ((string?)e!["url"])!.EndsWith("sdc-questionnaire-questionnaireAdaptive", StringComparison.Ordinal)
            && (bool)e["valueBoolean"]!);
        Assert.Contains(adaptive["extension"]!.AsArray(), e => (string?)e!["url"] == "http://hl7.org/fhir/StructureDefinition/cqf-library");
        var question = Assert.Single(Questions(adaptive));
        Assert.Equal("continuation", (string?)question["linkId"]);
        // The client populates it (DTR: after each $next-question) from the form's CQL.
        Assert.Contains(question["extension"]!.AsArray(), e => ((string?)e!["url"])!.EndsWith("sdc-questionnaire-initialExpression", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Answering_question_by_question_follows_the_initial_course_branch_and_ends_completed()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();
        var (_, response) = await NextAsync(client, Start(CapitalLutathera));
        var asked = new List<string>();
        for (var step = 0; step < 60 && (string?)response["status"] != "completed"; step++)
        {
            var next = Questions(Questionnaire(response)).Last();
            asked.Add((string)next["linkId"]!);
            // continuation = false: a first course, so the initial-course group is asked and the continuation group never.
            (var status, response) = await NextAsync(client, Answer(response, next));
            Assert.Equal(HttpStatusCode.OK, status);
        }

        Assert.Equal("completed", (string?)response["status"]);
        Assert.Equal(asked, LinkIds(response));
        Assert.Contains("ki67", asked);
        Assert.Contains("karnofsky", asked);
        Assert.DoesNotContain("thrombocytopeniaGrade2PlusCount", asked);
        // Every question asked has its answer in the response, in form order, under its group.
        Assert.Equal(asked, Answered(response["item"]));
    }

    [Fact]
    public async Task A_changed_answer_drops_the_branch_it_disabled_and_asks_the_other()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();
        var (_, first) = await NextAsync(client, Start(CapitalLutathera));
        var (_, second) = await NextAsync(client, Answer(first, Questions(Questionnaire(first)).Single()));
        // Walk into the initial-course group.
        var response = second;
        while (!LinkIds(response).Contains("age"))
            (_, response) = await NextAsync(client, Answer(response, Questions(Questionnaire(response)).Last()));
        (_, response) = await NextAsync(client, Answer(response, Questions(Questionnaire(response)).Last()));
        Assert.Contains("age", LinkIds(response));

        var changed = response.DeepClone().AsObject();
        changed["item"]!.AsArray().OfType<JsonObject>().Single(i => (string?)i["linkId"] == "continuation")["answer"]![0]!["valueBoolean"] = true;
        var (status, after) = await NextAsync(client, changed);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("age", LinkIds(after));
        Assert.DoesNotContain(after["item"]!.AsArray().OfType<JsonObject>(), i => (string?)i["linkId"] == "cbc-initial");
        Assert.Equal("thrombocytopeniaGrade2PlusCount", (string?)Questions(Questionnaire(after)).Last()["linkId"]);
    }

    [Fact]
    public async Task A_required_question_asked_and_left_empty_is_a_400_naming_it()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();
        var (_, first) = await NextAsync(client, Start(CapitalLutathera));

        var (status, body) = await NextAsync(client, first, "/fhir/$next-question");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("OperationOutcome", (string?)body["resourceType"]);
        Assert.Contains("continuation", (string?)body["issue"]![0]!["expression"]![0]);
    }

    [Fact]
    public async Task A_response_naming_no_form_of_ours_is_404()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var (status, body) = await NextAsync(server.CreateClient(), Start("http://example.org/Questionnaire/unknown"));

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("not-found", (string?)body["issue"]![0]!["code"]);
    }
}
