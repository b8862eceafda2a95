using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Resources;
using FhirPriorAuth.Policies.Artifacts;
using FhirPriorAuth.Server.Audit;
using FhirPriorAuth.Server.FhirApi;
using FhirPriorAuth.Server.Pas.Review;
using FhirPriorAuth.Server.Storage;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.Pas;

/// <summary>
/// <c>Claim/$submit</c> (PAS 2.2.1): validates the request Bundle (all problems in one 400), decides each item
/// under the payer's policy, stores the request and the response together, and answers with the PAS Response
/// Bundle. An identical resubmission gets the stored answer back instead of a second decision. A PASClaimUpdate
/// (Claim.related prior) is answered by <see cref="ClaimUpdate"/> under the original authorization number.
/// </summary>
internal static class SubmitOperation
{
    public static async Task<IResult> PostAsync(HttpRequest http, FhirRequestReader reader, PolicyCatalog catalog,
        IResourceStore store, TimeProvider clock, ReviewTasks reviews, IOptions<PasOptions> pas, CancellationToken ct) =>
        FhirResults.Resource(await AnswerAsync(http, reader, catalog, store, clock, reviews, pas, ct));

    /// <summary>The stored (PAS 2.2.1-shaped) Response Bundle for the request; other PAS versions reshape it.</summary>
    public static async Task<JsonObject> AnswerAsync(HttpRequest http, FhirRequestReader reader, PolicyCatalog catalog,
        IResourceStore store, TimeProvider clock, ReviewTasks reviews, IOptions<PasOptions> pas, CancellationToken ct)
    {
        var bundle = Unwrap(await reader.ReadValidResourceAsync(http, ct));
        var issues = PasRequestValidator.Check(bundle);
        if (issues.Count > 0)
            throw new FhirRequestException(StatusCodes.Status400BadRequest, issues);

        var request = new Bundle(bundle);
        var keys = SubmissionKeys.Of(request, http.HttpContext.User.Identity?.Name);
        var audit = AuditDetails.Of(http.HttpContext).Submission(request, keys);
        var budget = TimeSpan.FromMilliseconds(pas.Value.DecisionBudgetMilliseconds);
        JsonObject response;
        try
        {
            response = await AnswerOnceAsync(request, bundle, keys, catalog, store, clock, reviews, budget, ct);
        }
        catch (FhirRequestException conflict) when (ClaimUpdate.IsConflict(conflict))
        {
            // An update raced a reviewer's decision and nothing was written; decide it once more on the fresh answer
            // (a second race in a row goes back to the submitter as 409).
            response = await AnswerOnceAsync(request, bundle, keys, catalog, store, clock, reviews, budget, ct);
        }
        audit.AuthorizationNumber((string?)response["identifier"]?["value"]);
        return response;
    }

    private static async Task<JsonObject> AnswerOnceAsync(Bundle request, JsonObject bundle, SubmissionKeys keys, PolicyCatalog catalog,
        IResourceStore store, TimeProvider clock, ReviewTasks reviews, TimeSpan budget, CancellationToken ct)
    {
        var claim = request.Entries.First().Resource!;
        if (ClaimUpdate.Prior(claim) is { } related)
            return await store.InTransactionAsync(async (operations, token) =>
            {
                // An update is decided against the stored answer it changes, so it is decided inside its transaction.
                if (await EarlierAnswerAsync(operations, keys, token) is { } earlier)
                    return earlier;
                var now = clock.GetUtcNow();
                var updated = await ClaimUpdate.AnswerAsync(request, bundle, related, keys, catalog, operations, now, token);
                await reviews.AnsweredAsync(operations, request, keys, updated, now, token);
                return updated;
            }, ct);

        // A new request's decision depends on the request alone, and on nothing stored but "was this content answered
        // already?". So it is read and decided outside the write transaction, and the short write checks that what was
        // read still holds: an identical request stored meanwhile is the answer instead (the same one a resend gets).
        if (await EarlierAnswerAsync(store, keys, ct) is { } stored)
            return stored;
        var decidedAt = clock.GetUtcNow();
        var items = await DecisionBudget.DecideAsync(claim, bundle, DateOnly.FromDateTime(decidedAt.UtcDateTime), catalog, budget, ct);
        var preAuthRef = "PA-" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        var answer = PasResponseBuilder.Build(request, items, preAuthRef, decidedAt);
        var requestJson = bundle.ToJsonString();
        var answerJson = answer.ToJsonString();

        return await store.InTransactionAsync(async (operations, token) =>
        {
            if (await EarlierAnswerAsync(operations, keys, token) is { } earlier)
                return earlier;
            await operations.CreateAsync(SubmissionKeys.RequestType, requestJson, keys.Request(preAuthRef), token);
            await operations.CreateAsync(SubmissionKeys.ResponseType, answerJson, keys.Response(preAuthRef), token);
            await reviews.AnsweredAsync(operations, request, keys, answer, decidedAt, token);
            return answer;
        }, ct);
    }

    /// <summary>This submitter's stored answer to the same content, if there is one (a resend).</summary>
    private static async Task<JsonObject?> EarlierAnswerAsync(IResourceOperations operations, SubmissionKeys keys, CancellationToken ct)
    {
        var earlier = await operations.SearchAsync(SubmissionKeys.ResponseType, keys.Resubmission(), 1, ct);
        return earlier.Count > 0 && earlier[0].Json is { } stored ? JsonNode.Parse(stored)!.AsObject() : null;
    }

    // $submit's input is the Bundle itself, or a Parameters naming it 'resource'.
    public static JsonObject Unwrap(JsonObject body)
    {
        if ((string?)body["resourceType"] == "Bundle")
            return body;
        if ((string?)body["resourceType"] == "Parameters"
            && (body["parameter"] as JsonArray ?? []).OfType<JsonObject>()
                .FirstOrDefault(p => (string?)p["name"] == "resource")?["resource"] is JsonObject { } inner
            && (string?)inner["resourceType"] == "Bundle")
            return inner;
        var parameters = (string?)body["resourceType"] == "Parameters";
        throw new FhirRequestException(StatusCodes.Status400BadRequest, OutcomeIssue.Error(IssueTypes.Invalid,
            "The operation takes a PAS Bundle, or a Parameters with the Bundle as 'resource'",
            parameters ? "Parameters.parameter.where(name='resource').resource" : (string?)body["resourceType"]));
    }
}
