using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Audit;
using FhirPriorAuth.Server.FhirApi;
using FhirPriorAuth.Server.Pas.Review;

namespace FhirPriorAuth.Server.CdsHooks.Retention;

/// <summary>
/// <c>GET /review/crd/{assertionId}</c>: the kept CRD calls whose answers carried a coverage-assertion-id (as a claim
/// or a PA request quotes it), with their requests, answers and the feedback on their cards, for a dispute. Reviewers
/// only (the reviewer read scope), and every read is audited: the records hold patient data.
/// </summary>
internal static class CdsReviewEndpoints
{
    public const string Route = ReviewRegistration.Base + "/crd/{assertionId}";

    public static IEndpointRouteBuilder MapCdsReview(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Route, GetAsync).RequireAuthorization(ReviewRegistration.ReviewerPolicy)
            .AddEndpointFilter(new AuditFilter(AuditOperations.ReviewRead));
        return endpoints;
    }

    private static async Task<IResult> GetAsync(string assertionId, CdsExchangeLog exchanges, HttpContext http, CancellationToken ct)
    {
        var records = await exchanges.ForAssertionAsync(assertionId, ct);
        if (records.Count == 0)
            return FhirResults.Outcome(StatusCodes.Status404NotFound,
                [OutcomeIssue.Error(IssueTypes.NotFound, "No kept CRD call answered with this coverage-assertion-id")], http.TraceIdentifier);
        var invocations = new JsonArray();
        var feedback = new JsonArray();
        foreach (var stored in records)
        {
            var record = JsonNode.Parse(stored.Json!)!.AsObject();
            var kind = record["code"]?["coding"]?[0]?["code"]?.GetValue<string>();
            var entry = new JsonObject
            {
                ["id"] = stored.Id,
                ["recorded"] = stored.LastUpdated.ToString("O"),
                ["status"] = (record["extension"] as JsonArray ?? []).OfType<JsonObject>()
                    .FirstOrDefault(e => e["url"]?.GetValue<string>() == CdsExchangeLog.StatusUrl)?["valueInteger"]?.DeepClone(),
                ["request"] = CdsExchangeLog.Content(record, CdsExchangeLog.RequestUrl),
            };
            if (kind == CdsExchangeLog.Invocation)
            {
                entry["response"] = CdsExchangeLog.Content(record, CdsExchangeLog.ResponseUrl);
                invocations.Add(entry);
            }
            else
                feedback.Add(entry);
        }
        return TypedResults.Json(new JsonObject { ["coverageAssertionId"] = assertionId, ["invocations"] = invocations, ["feedback"] = feedback });
    }
}
