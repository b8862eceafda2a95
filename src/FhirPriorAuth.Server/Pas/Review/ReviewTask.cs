using System.Globalization;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Storage;

namespace FhirPriorAuth.Server.Pas.Review;

/// <summary>
/// The review task for one pended request, stored as a FHIR Task. This shape is a contract (the CMS metrics report
/// reads it): <c>status</c> requested | in-progress | completed | cancelled; <c>intent</c> order; <c>priority</c>
/// urgent (expedited) | routine; <c>authoredOn</c> = submission time; <c>restriction.period.end</c> = due time;
/// <c>focus</c> = the stored PAS response Bundle; <c>basedOn</c> = the stored request Bundle it answers;
/// <c>identifier</c> = the authorization number; <c>input</c> = one <c>itemSequence</c> (valueInteger) per pended line
/// and one <c>drug</c> (valueBoolean: the drug clock applied); <c>businessStatus.text</c>; once decided:
/// <c>executionPeriod.end</c> = decision time, <c>owner</c> = the reviewer, <c>output</c> = per line a
/// <c>reviewAction</c> (valueCode, X12 306) and a <c>reason</c> (valueString), each carrying the line's sequence in
/// the <see cref="ItemSequenceExtension"/> extension. No clinical content.
/// </summary>
internal static class ReviewTask
{
    public const string ResourceType = "Task";
    public const string Requested = "requested";
    public const string InProgress = "in-progress";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";
    public const string KindSystem = "http://fhirpriorauth.example.org/fhir/CodeSystem/task-kind";
    public const string ItemSequenceExtension = "http://fhirpriorauth.example.org/fhir/StructureDefinition/review-item-sequence";
    public const string ClientIdSystem = "urn:ietf:params:oauth:client-id";
    public const string NpiSystem = "http://hl7.org/fhir/sid/us-npi";
    public static readonly SearchToken Kind = new("pas-kind", null, "review-task");

    public static readonly string[] OpenStatuses = [Requested, InProgress];

    public static JsonObject Create(string responseId, string requestId, string authorizationNumber, string submitter,
        IEnumerable<int> pendedSequences, bool expedited, bool drug, DateTimeOffset submitted, DateTimeOffset due) =>
        new()
        {
            ["resourceType"] = ResourceType,
            ["meta"] = new JsonObject { ["tag"] = new JsonArray(new JsonObject { ["system"] = KindSystem, ["code"] = Kind.Value }) },
            ["identifier"] = new JsonArray(new JsonObject { ["system"] = PasCodes.AuthorizationNumberSystem, ["value"] = authorizationNumber }),
            ["basedOn"] = new JsonArray(new JsonObject { ["reference"] = "Bundle/" + requestId }),
            ["status"] = Requested,
            ["businessStatus"] = new JsonObject { ["text"] = "Awaiting clinical review" },
            ["intent"] = "order",
            ["priority"] = expedited ? "urgent" : "routine",
            ["code"] = new JsonObject { ["text"] = "Prior authorization clinical review" },
            ["focus"] = new JsonObject { ["reference"] = "Bundle/" + responseId },
            ["requester"] = new JsonObject { ["identifier"] = new JsonObject { ["system"] = ClientIdSystem, ["value"] = submitter } },
            ["authoredOn"] = Instant(submitted),
            ["lastModified"] = Instant(submitted),
            ["restriction"] = new JsonObject { ["period"] = new JsonObject { ["end"] = Instant(due) } },
            ["input"] = Inputs(pendedSequences, drug),
        };

    public static JsonArray Inputs(IEnumerable<int> pendedSequences, bool drug)
    {
        var inputs = new JsonArray();
        foreach (var sequence in pendedSequences)
            inputs.Add(new JsonObject { ["type"] = new JsonObject { ["text"] = "itemSequence" }, ["valueInteger"] = sequence });
        inputs.Add(new JsonObject { ["type"] = new JsonObject { ["text"] = "drug" }, ["valueBoolean"] = drug });
        return inputs;
    }

    public static bool IsReviewTask(JsonObject task) =>
        (task["meta"]?["tag"] as JsonArray ?? []).Any(t => (string?)t?["system"] == KindSystem && (string?)t?["code"] == Kind.Value);

    public static string Status(JsonObject task) => (string?)task["status"] ?? "";

    public static bool IsOpen(JsonObject task) => OpenStatuses.Contains(Status(task));

    public static string AuthorizationNumber(JsonObject task) => (string?)task["identifier"]?[0]?["value"] ?? "";

    public static string Submitter(JsonObject task) => (string?)task["requester"]?["identifier"]?["value"] ?? "";

    public static string ResponseId(JsonObject task) => Id((string?)task["focus"]?["reference"]);

    public static string RequestId(JsonObject task) => Id((string?)task["basedOn"]?[0]?["reference"]);

    public static DateTimeOffset Due(JsonObject task) => Parse((string?)task["restriction"]?["period"]?["end"]);

    public static DateTimeOffset AuthoredOn(JsonObject task) => Parse((string?)task["authoredOn"]);

    public static IReadOnlyList<int> PendedSequences(JsonObject task) =>
        [.. (task["input"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(i => (string?)i["type"]?["text"] == "itemSequence").Select(i => i["valueInteger"]!.GetValue<int>())];

    public static IReadOnlyCollection<SearchToken> Tokens(JsonObject task) =>
    [
        Kind,
        new("status", null, Status(task)),
        new("authorization-number", PasCodes.AuthorizationNumberSystem, AuthorizationNumber(task)),
        new("submitter", null, Submitter(task)),
        new("priority", null, (string?)task["priority"] ?? "routine"),
    ];

    public static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string? instant) =>
        DateTimeOffset.Parse(instant ?? throw new InvalidOperationException("A review task lacks a time it always has"), CultureInfo.InvariantCulture);

    private static string Id(string? reference) => reference?.Split('/').LastOrDefault() ?? "";
}
