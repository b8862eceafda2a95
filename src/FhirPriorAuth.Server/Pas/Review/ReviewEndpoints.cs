using System.Text.Json;
using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Resources;
using FhirPriorAuth.Policies.Artifacts;
using FhirPriorAuth.Policies.Decisions;
using FhirPriorAuth.Policies.Evidence;
using FhirPriorAuth.Server.Audit;
using FhirPriorAuth.Server.Auth;
using FhirPriorAuth.Server.FhirApi;
using FhirPriorAuth.Server.Pas.Notifications;
using FhirPriorAuth.Server.Storage;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.Pas.Review;

/// <summary>
/// The reviewer API at <c>/review</c> (plain JSON; refusals are OperationOutcomes): the work list, one task with the
/// request and what the decision engine makes of it, and the decision that completes the task and changes the
/// submitter's answer.
/// </summary>
internal static class ReviewEndpoints
{
    private const string Conflict = "conflict";

    /// <summary>
    /// <c>GET /review/tasks/{id}</c>: the task, the request and answer Bundles, and the facts and criteria re-derived.
    /// A reviewer who may decide and opens a <c>requested</c> task takes it: it is now in progress with them as owner.
    /// </summary>
    public static async Task<IResult> GetAsync(string id, HttpContext http, IResourceStore store, PolicyCatalog catalog,
        IOptions<AuthOptions> auth, TimeProvider clock, CancellationToken ct)
    {
        var task = ReviewerRequirement.MayDecide(http, auth.Value.Enabled)
            ? await OpenAsync(store, id, Reviewer(http), clock, ct)
            : (await ReadTaskAsync(store, id, ct)).Task;
        AuditDetails.Of(http).AuthorizationNumber(ReviewTask.AuthorizationNumber(task));
        var request = await ReadBundleAsync(store, SubmissionKeys.RequestType, ReviewTask.RequestId(task), ct);
        var response = await ReadBundleAsync(store, SubmissionKeys.ResponseType, ReviewTask.ResponseId(task), ct);
        var result = new JsonObject
        {
            ["task"] = Stamped(id, task),
            ["summary"] = Summary(id, task, clock.GetUtcNow()),
            ["request"] = request,
            ["response"] = response,
        };
        if (request is not null)
        {
            var evidence = SubmittedEvidence(request, task, catalog);
            result["evidence"] = ReviewFindings.Evidence(evidence);
            result["decision"] = ReviewFindings.Decision(DecisionEngine.Decide(evidence, catalog));
        }
        return Json(result);
    }

    /// <summary><c>POST /review/tasks/{id}/decision</c>: one transaction changes the answer, completes the task and queues notifications.</summary>
    public static async Task<IResult> DecideAsync(string id, HttpContext http, IResourceStore store, IClaimResponseNotifier notifier,
        PolicyCatalog catalog, TimeProvider clock, JsonBodyReader bodyReader, CancellationToken ct)
    {
        var body = await bodyReader.ReadObjectAsync(http.Request, "a review decision", ct);
        var client = Reviewer(http);
        var audit = AuditDetails.Of(http);

        var (task, responseBundle) = await store.InTransactionAsync(async (operations, token) =>
        {
            var (stored, task) = await ReadTaskAsync(operations, id, token);
            var number = ReviewTask.AuthorizationNumber(task);
            audit.AuthorizationNumber(number);
            if (!ReviewTask.IsOpen(task))
                throw new FhirRequestException(StatusCodes.Status409Conflict, OutcomeIssue.Error(Conflict,
                    $"This review task is already {ReviewTask.Status(task)}; its decision cannot be made again"));
            var decision = ReviewDecision.Parse(body, ReviewTask.PendedSequences(task));
            audit.ReviewerNpi = decision.Reviewer.Npi;
            var now = clock.GetUtcNow();

            var responseId = ReviewTask.ResponseId(task);
            var storedResponse = await operations.ReadAsync(SubmissionKeys.ResponseType, responseId, token);
            var storedRequest = await operations.ReadAsync(SubmissionKeys.RequestType, ReviewTask.RequestId(task), token);
            if (storedResponse?.Json is null || storedRequest?.Json is null)
                throw new InvalidOperationException($"Review task {id} points at a request or answer that is not stored");
            var responseBundle = JsonNode.Parse(storedResponse.Json)!.AsObject();
            var requestJson = JsonNode.Parse(storedRequest.Json)!.AsObject();
            var requestBundle = new Bundle(requestJson);
            var submitter = ReviewTask.Submitter(task);
            // An approval without a stated period gets the policy's, as an automated approval of the same request would.
            var policyPeriod = DecisionEngine.DefaultPeriod(SubmittedEvidence(requestJson, task, catalog), catalog);
            ReviewActions.Apply(responseBundle, requestBundle.Entries.First().Resource, decision, now, policyPeriod);
            // The task first: its row lock and version check make a concurrent second decision fail before it writes anything.
            Complete(task, decision, client, now);
            var updated = await operations.UpdateAsync(ReviewTask.ResourceType, id, task.ToJsonString(), ReviewTask.Tokens(task), stored.VersionId, token);
            if (updated.Status == UpdateStatus.VersionConflict)
                throw new FhirRequestException(StatusCodes.Status409Conflict, OutcomeIssue.Error(Conflict,
                    "This review task changed while the decision was being recorded; open it again"));
            var keys = SubmissionKeys.Of(requestBundle, submitter);
            // The answer as the decision read it: a claim update recorded meanwhile changed what the reviewer decided on,
            // so the whole decision is refused (nothing is written) and the reviewer opens the task again.
            var answered = await operations.UpdateAsync(SubmissionKeys.ResponseType, responseId, responseBundle.ToJsonString(),
                keys.Response(number), storedResponse.VersionId, token);
            if (answered.Status == UpdateStatus.VersionConflict)
                throw new FhirRequestException(StatusCodes.Status409Conflict, OutcomeIssue.Error(Conflict,
                    "The answer to this request changed (the submitter updated it) while the decision was being recorded; open the task again"));

            await notifier.ClaimResponseChangedAsync(operations,
                new ClaimResponseChange(responseId, responseBundle, submitter, number, now), token);
            return (task, responseBundle);
        }, ct);
        return Json(new JsonObject { ["task"] = Stamped(id, task), ["response"] = responseBundle.DeepClone() });
    }

    /// <summary>
    /// The task, after taking it if it is still <c>requested</c> (in progress, owned by <paramref name="reviewer"/>).
    /// Versioned: when someone else changed it meanwhile (another reviewer took it, or it was decided), it is read
    /// again and taken only if it is still requested; a task already in progress, completed or cancelled is unchanged.
    /// </summary>
    private static async Task<JsonObject> OpenAsync(IResourceStore store, string id, string reviewer, TimeProvider clock, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (stored, task) = await ReadTaskAsync(store, id, ct);
            if (ReviewTask.Status(task) != ReviewTask.Requested || attempt == 3)
                return task;
            task["status"] = ReviewTask.InProgress;
            task["businessStatus"] = new JsonObject { ["text"] = "In clinical review" };
            task["lastModified"] = ReviewTask.Instant(clock.GetUtcNow());
            task["owner"] = ClientOwner(reviewer);
            var updated = await store.UpdateAsync(ReviewTask.ResourceType, id, task.ToJsonString(), ReviewTask.Tokens(task), stored.VersionId, ct);
            if (updated.Status == UpdateStatus.Updated)
                return task;
        }
    }

    private static string Reviewer(HttpContext http) =>
        http.User.Identity?.Name is { Length: > 0 } name ? name : SubmissionKeys.AnonymousSubmitter;

    private static JsonObject ClientOwner(string client) =>
        new() { ["identifier"] = new JsonObject { ["system"] = ReviewTask.ClientIdSystem, ["value"] = client } };

    // The same evidence and policy as at submission: "today" is the day it was submitted.
    private static EvidenceSet SubmittedEvidence(JsonObject request, JsonObject task, PolicyCatalog catalog) =>
        PasBundleEvidence.Extract(request, DateOnly.FromDateTime(ReviewTask.AuthoredOn(task).UtcDateTime), catalog.EvidenceOptions);

    private static void Complete(JsonObject task, ReviewDecision decision, string client, DateTimeOffset now)
    {
        task["status"] = ReviewTask.Completed;
        task["businessStatus"] = new JsonObject { ["text"] = "Decided after clinical review" };
        task["lastModified"] = ReviewTask.Instant(now);
        task["executionPeriod"] = new JsonObject { ["start"] = task["authoredOn"]?.DeepClone(), ["end"] = ReviewTask.Instant(now) };
        task["owner"] = decision.Reviewer.Npi is { } npi
            ? new JsonObject { ["type"] = "Practitioner", ["identifier"] = new JsonObject { ["system"] = ReviewTask.NpiSystem, ["value"] = npi } }
            : ClientOwner(client);
        var outputs = new JsonArray();
        foreach (var item in decision.Items.OrderBy(i => i.Sequence))
        {
            outputs.Add(Output(item.Sequence, "reviewAction", "valueCode", item.Action.Code));
            outputs.Add(Output(item.Sequence, "reason", "valueString", item.Reason ?? ReviewActions.ApprovedNote));
        }
        task["output"] = outputs;
    }

    private static JsonObject Output(int sequence, string type, string valueElement, string value) => new()
    {
        ["extension"] = new JsonArray(new JsonObject { ["url"] = ReviewTask.ItemSequenceExtension, ["valueInteger"] = sequence }),
        ["type"] = new JsonObject { ["text"] = type },
        [valueElement] = value,
    };

    /// <summary>A task as the work list shows it (<see cref="ReviewWorkList"/>).</summary>
    internal static JsonObject Summary(string id, JsonObject task, DateTimeOffset now)
    {
        var due = ReviewTask.Due(task);
        return new JsonObject
        {
            ["id"] = id,
            ["status"] = ReviewTask.Status(task),
            ["priority"] = (string?)task["priority"],
            ["authorizationNumber"] = ReviewTask.AuthorizationNumber(task),
            ["submitted"] = (string?)task["authoredOn"],
            ["due"] = ReviewTask.Instant(due),
            ["overdue"] = ReviewTask.IsOpen(task) && now > due,
        };
    }

    private static async Task<(StoredResource Stored, JsonObject Task)> ReadTaskAsync(IResourceOperations store, string id, CancellationToken ct)
    {
        var stored = await store.ReadAsync(ReviewTask.ResourceType, id, ct);
        var task = stored?.Json is { } json ? JsonNode.Parse(json)!.AsObject() : null;
        if (stored is null || task is null || !ReviewTask.IsReviewTask(task))
            throw new FhirRequestException(StatusCodes.Status404NotFound, OutcomeIssue.Error(IssueTypes.NotFound, "There is no review task with this id"));
        return (stored, task);
    }

    private static async Task<JsonObject?> ReadBundleAsync(IResourceStore store, string type, string id, CancellationToken ct) =>
        (await store.ReadAsync(type, id, ct))?.Json is { } json ? JsonNode.Parse(json)!.AsObject() : null;

    private static JsonObject Stamped(string id, JsonObject task)
    {
        var copy = task.DeepClone().AsObject();
        copy["id"] = id;
        return copy;
    }

    private static IResult Json(JsonObject body) => Results.Text(body.ToJsonString(), "application/json");
}
