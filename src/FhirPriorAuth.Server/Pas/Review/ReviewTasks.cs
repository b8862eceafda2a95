using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Resources;
using FhirPriorAuth.Server.FhirApi;
using FhirPriorAuth.Server.Storage;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.Pas.Review;

/// <summary>
/// Keeps one review task per pended request, written in the transaction that stored the answer. One task per
/// request rather than per line: the CMS timeframes and metrics count requests, a reviewer decides the pended lines of
/// a request together, and the answer they change is one ClaimResponse. An update that leaves lines pended keeps the
/// open task (and its clock) with the lines now pended; an update that leaves none pended cancels it; a pend after the
/// task was decided opens a new one.
/// </summary>
internal sealed class ReviewTasks(IOptions<ReviewOptions> options)
{
    /// <summary>After $submit stored <paramref name="answer"/> (a new request or an update) for <paramref name="request"/>.</summary>
    public async Task AnsweredAsync(IResourceOperations operations, Bundle request, SubmissionKeys keys, JsonObject answer,
        DateTimeOffset now, CancellationToken ct)
    {
        var claimResponse = answer["entry"]![0]!["resource"]!.AsObject();
        var authorizationNumber = (string)claimResponse["preAuthRef"]!;
        var pended = (claimResponse["item"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(i => ReviewActions.Code(i) == ActionCode.Pended.Code).Select(i => i["itemSequence"]!.GetValue<int>()).ToList();
        var open = await OpenTasksAsync(operations, authorizationNumber, ct);
        if (pended.Count == 0 && open.Count == 0)
            return;

        var (requestId, responseId) = await StoredIdsAsync(operations, keys, authorizationNumber, ct);
        var claim = request.Entries.First().Resource!;
        var claimItems = (claim["item"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var drug = pended.Any(s => ReviewClock.IsDrug(claimItems.FirstOrDefault(i => (int?)i["sequence"] == s)));

        foreach (var (stored, task) in open)
        {
            if (pended.Count == 0)
            {
                task["status"] = ReviewTask.Cancelled;
                task["businessStatus"] = new JsonObject { ["text"] = "No line awaits review after the submitter's update" };
                task["executionPeriod"] = new JsonObject { ["end"] = ReviewTask.Instant(now) };
            }
            else
            {
                task["input"] = ReviewTask.Inputs(pended, drug);
                task["basedOn"] = new JsonArray(new JsonObject { ["reference"] = "Bundle/" + requestId });
            }
            task["lastModified"] = ReviewTask.Instant(now);
            var result = await operations.UpdateAsync(ReviewTask.ResourceType, stored.Id, task.ToJsonString(), ReviewTask.Tokens(task), stored.VersionId, ct);
            if (result.Status != UpdateStatus.Updated)
                throw new FhirRequestException(StatusCodes.Status409Conflict, OutcomeIssue.Error("conflict",
                    "A reviewer decided this request while the update was processed; send the update again", "Bundle.entry[0].resource.related[0]"));
            pended = [];
        }
        if (pended.Count == 0)
            return;

        var expedited = ReviewClock.IsExpedited(claim);
        var created = ReviewTask.Create(responseId, requestId, authorizationNumber, keys.Submitter.Value, pended, expedited, drug,
            now, ReviewClock.Due(now, expedited, drug, options.Value));
        await operations.CreateAsync(ReviewTask.ResourceType, created.ToJsonString(), ReviewTask.Tokens(created), ct);
    }

    public static async Task<List<(StoredResource Stored, JsonObject Task)>> OpenTasksAsync(IResourceOperations operations,
        string authorizationNumber, CancellationToken ct)
    {
        var found = new List<(StoredResource, JsonObject)>();
        foreach (var status in ReviewTask.OpenStatuses)
        {
            var criteria = new TokenCriterion[]
            {
                ReviewTask.Kind.AsCriterion(), new("status", null, status),
                new("authorization-number", PasCodes.AuthorizationNumberSystem, authorizationNumber),
            };
            foreach (var stored in await operations.SearchAsync(ReviewTask.ResourceType, criteria, 100, ct))
                if (stored.Json is not null)
                    found.Add((stored, JsonNode.Parse(stored.Json)!.AsObject()));
        }
        return found;
    }

    // The answer and the request were just written under these keys; an update rewrote the answer in place, so the
    // response id is the original one, and the request is the newest one with this content.
    private static async Task<(string RequestId, string ResponseId)> StoredIdsAsync(IResourceOperations operations,
        SubmissionKeys keys, string authorizationNumber, CancellationToken ct)
    {
        var response = await operations.SearchAsync(SubmissionKeys.ResponseType,
            [SubmissionKeys.ResponseKind.AsCriterion(),
             keys.Sender.AsCriterion(),
             keys.OwnedBy(),
             new("authorization-number", PasCodes.AuthorizationNumberSystem, authorizationNumber)], 1, ct);
        var requests = await operations.SearchAsync(SubmissionKeys.RequestType,
            [.. keys.Request().Select(t => t.AsCriterion())], 100, ct);
        if (response.Count == 0 || requests.Count == 0)
            throw new InvalidOperationException("The answer and request just stored were not found in the same transaction");
        return (requests.MaxBy(r => r.LastUpdated)!.Id, response[0].Id);
    }
}
