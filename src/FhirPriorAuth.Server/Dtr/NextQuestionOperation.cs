using System.Text.Json.Nodes;
using FhirPriorAuth.Server.FhirApi;

namespace FhirPriorAuth.Server.Dtr;

/// <summary>
/// <c>POST [base]/Questionnaire/$next-question</c> (also <c>[base]/$next-question</c>, DTR 2.0.1 adaptive forms, SDC
/// STU3): the QuestionnaireResponse so far in (a Parameters <c>questionnaire-response</c> or <c>in</c>, or the bare
/// resource), the same response back with a contained adaptive Questionnaire (dtr-questionnaire-adapt, derivedFrom our
/// form) holding the questions answered so far and the next one (<see cref="AdaptiveForm"/>); once none is left it
/// comes back <c>completed</c>. The form is found by the contained Questionnaire's <c>derivedFrom</c> or <c>url</c>, or
/// by <c>QuestionnaireResponse.questionnaire</c>; it must be one of ours (404 otherwise).
/// Pre-population: this server runs no CQL. As DTR 2.0.1 has the client populate every newly shown question
/// (specification "Populating adaptive questionnaires"), the next question carries its initialExpression and the
/// form's Libraries are in its $questionnaire-package; the server decides from the answers the client sends (its
/// population included) and the form's enableWhen.
/// </summary>
internal static class NextQuestionOperation
{
    public const string Definition = "http://hl7.org/fhir/uv/sdc/OperationDefinition/Questionnaire-next-question";
    public const string Name = "$next-question";
    private const string AdaptiveExtension = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-questionnaireAdaptive";
    private const string AdaptiveProfile = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/dtr-questionnaire-adapt";
    private const string CqfLibrary = "http://hl7.org/fhir/StructureDefinition/cqf-library";

    public static async Task<IResult> PostAsync(HttpRequest http, FhirRequestReader reader, IConformanceResources resources, CancellationToken ct)
    {
        var body = await reader.ReadValidResourceAsync(http, ct);
        var response = body.Str("resourceType") == "Parameters"
            ? body.Objects("parameter").FirstOrDefault(p => p.Str("name") is "questionnaire-response" or "in")?["resource"] as JsonObject
            : body;
        if (response?.Str("resourceType") != "QuestionnaireResponse")
            throw Refused(StatusCodes.Status400BadRequest, IssueTypes.Required,
                "$next-question takes the QuestionnaireResponse so far (parameter 'questionnaire-response')", "Parameters.parameter");

        var contained = Contained(response);
        var form = FormOf(response, contained, resources)
            ?? throw Refused(StatusCodes.Status404NotFound, IssueTypes.NotFound,
                "The response names no form this payer holds (contained Questionnaire derivedFrom/url, or QuestionnaireResponse.questionnaire)",
                "QuestionnaireResponse.questionnaire");

        var answers = new Dictionary<string, List<JsonObject>>(StringComparer.Ordinal);
        CollectAnswers(response.Objects("item"), answers);
        var asked = new HashSet<string>(StringComparer.Ordinal);
        CollectLinkIds(contained.Objects("item"), asked);
        var step = AdaptiveForm.Step(form.Json, answers, asked);
        // DTR: an invalid response (a required question asked and left empty) is a 400 saying where.
        if (step.Unanswered.Count > 0)
            throw new FhirRequestException(StatusCodes.Status400BadRequest, [.. step.Unanswered.Select(linkId => OutcomeIssue.Error(IssueTypes.Required,
                $"The required question '{linkId}' has no answer; answer it before asking for the next question",
                $"QuestionnaireResponse.item.where(linkId = '{linkId}')"))]);

        var adaptive = Adaptive(form, contained.Str("id") is { Length: > 0 } id ? id : "adaptive-" + form.Id, step.Shown);
        var answered = response.DeepClone().AsObject();
        answered["contained"] = new JsonArray([.. answered.Objects("contained").Where(c => c.Str("resourceType") != "Questionnaire")
            .Select(c => (JsonNode)c.DeepClone()), adaptive]);
        answered["questionnaire"] = "#" + adaptive.Str("id");
        answered["status"] = step.Complete ? "completed" : "in-progress";
        var items = ResponseItems(step.Shown, answers);
        if (items.Count > 0)
            answered["item"] = items;
        else
            answered.Remove("item");
        return FhirResults.Resource(answered);
    }

    private static JsonObject Contained(JsonObject response)
    {
        var reference = response.Str("questionnaire");
        var questionnaires = response.Objects("contained").Where(c => c.Str("resourceType") == "Questionnaire").ToList();
        return (reference is { Length: > 1 } && reference[0] == '#' ? questionnaires.FirstOrDefault(q => q.Str("id") == reference[1..]) : null)
            ?? questionnaires.FirstOrDefault() ?? [];
    }

    private static ConformanceResource? FormOf(JsonObject response, JsonObject contained, IConformanceResources resources)
    {
        var canonicals = contained["derivedFrom"] is JsonArray derived ? derived.Select(d => d?.GetValue<string>()).ToList() : [];
        canonicals.Add(contained.Str("url"));
        if (response.Str("questionnaire") is { } named && !named.StartsWith('#'))
            canonicals.Add(named);
        return canonicals.OfType<string>().Select(c => resources.ByCanonical(c, "Questionnaire")).FirstOrDefault(f => f is not null);
    }

    private static void CollectAnswers(IEnumerable<JsonObject> items, Dictionary<string, List<JsonObject>> answers)
    {
        foreach (var item in items)
        {
            var given = item.Objects("answer").Where(a => a.Any(p => p.Key.StartsWith("value", StringComparison.Ordinal))).ToList();
            if (given.Count > 0 && item.Str("linkId") is { } linkId)
                answers[linkId] = given;
            CollectAnswers(item.Objects("item"), answers);
            foreach (var answer in item.Objects("answer"))
                CollectAnswers(answer.Objects("item"), answers);
        }
    }

    private static void CollectLinkIds(IEnumerable<JsonObject> items, HashSet<string> linkIds)
    {
        foreach (var item in items)
        {
            if (item.Str("linkId") is { } linkId)
                linkIds.Add(linkId);
            CollectLinkIds(item.Objects("item"), linkIds);
        }
    }

    /// <summary>The contained adaptive Questionnaire: the form's identity and libraries, the items shown so far.</summary>
    private static JsonObject Adaptive(ConformanceResource form, string id, List<JsonObject> shown)
    {
        var extensions = new JsonArray(new JsonObject { ["url"] = AdaptiveExtension, ["valueBoolean"] = true });
        foreach (var library in form.Json.Objects("extension").Where(e => e.Str("url") == CqfLibrary))
            extensions.Add(library.DeepClone());
        var title = form.Json.Str("title") ?? form.Json.Str("name") ?? form.Id;
        var adaptive = new JsonObject
        {
            ["resourceType"] = "Questionnaire",
            ["id"] = id,
            ["meta"] = new JsonObject { ["profile"] = new JsonArray(AdaptiveProfile) },
            ["text"] = new JsonObject
            {
                ["status"] = "generated",
                ["div"] = $"<div xmlns=\"http://www.w3.org/1999/xhtml\">{System.Net.WebUtility.HtmlEncode(title)}: the questions asked so far.</div>",
            },
            ["extension"] = extensions,
            ["derivedFrom"] = new JsonArray(form.VersionedCanonical),
            ["name"] = form.Json.Str("name"),
            ["title"] = title,
            ["status"] = form.Json.Str("status") ?? "active",
            ["subjectType"] = form.Json["subjectType"]?.DeepClone() ?? new JsonArray("Patient"),
        };
        if (shown.Count > 0)
            adaptive["item"] = new JsonArray([.. shown]);
        return adaptive;
    }

    /// <summary>The answers in form order under the shown items (answers to questions no longer shown are dropped).</summary>
    private static JsonArray ResponseItems(List<JsonObject> shown, Dictionary<string, List<JsonObject>> answers)
    {
        var items = new JsonArray();
        foreach (var item in shown)
        {
            var linkId = item.Str("linkId") ?? "";
            var result = new JsonObject { ["linkId"] = linkId };
            if (item.Str("text") is { } text)
                result["text"] = text;
            if (answers.TryGetValue(linkId, out var given) && item.Str("type") is not ("group" or "display"))
                result["answer"] = new JsonArray([.. given.Select(a => (JsonNode)StripNested(a))]);
            var children = ResponseItems(item.Objects("item").ToList(), answers);
            if (children.Count > 0)
                result["item"] = children;
            if (result["answer"] is not null || result["item"] is not null)
                items.Add(result);
        }
        return items;
    }

    private static JsonObject StripNested(JsonObject answer)
    {
        var copy = answer.DeepClone().AsObject();
        copy.Remove("item");
        return copy;
    }

    private static FhirRequestException Refused(int status, string code, string text, string expression) =>
        new(status, OutcomeIssue.Error(code, text, expression));
}
