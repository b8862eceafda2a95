using System.Globalization;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.CdsHooks.Security;
using FhirPriorAuth.Server.FhirApi;

namespace FhirPriorAuth.Server.CdsHooks.Retention;

/// <summary>
/// <c>POST /cds-services/{id}/feedback</c> (CDS Hooks 2.0 "Feedback"): what the clinician did with the cards. Checked,
/// kept with the call whose answer held the card, and acknowledged with an empty 200. 404 unknown service, 400 not a
/// JSON object (or not strict JSON), 422 not a feedback report.
/// </summary>
internal static class CdsFeedbackEndpoint
{
    public static async Task<IResult> PostAsync(string id, HttpContext http, CdsServiceRegistry registry, JsonBodyReader bodyReader,
        CdsExchangeLog exchanges, CancellationToken ct)
    {
        try
        {
            if (!registry.WithId(id).Any())
                throw new FhirRequestException(StatusCodes.Status404NotFound,
                    OutcomeIssue.Error(IssueTypes.NotFound, "No CDS service with this id; GET /cds-services lists them"));
            var body = await bodyReader.ReadObjectAsync(http.Request, "a CDS Hooks feedback report", ct);
            var issues = Check(body);
            if (issues.Count > 0)
                throw new FhirRequestException(StatusCodes.Status422UnprocessableEntity, issues);
            await exchanges.RecordFeedbackAsync(id, body, CdsClientAuthentication.CallingClient(http), CancellationToken.None);
            return TypedResults.Ok();
        }
        catch (FhirRequestException refusal)
        {
            return FhirResults.Outcome(refusal.StatusCode, refusal.Issues, http.TraceIdentifier);
        }
    }

    /// <summary>The CDS Hooks feedback shape: a non-empty <c>feedback</c> array of card outcomes.</summary>
    internal static List<OutcomeIssue> Check(JsonObject body)
    {
        var issues = new List<OutcomeIssue>();
        if (body["feedback"] is not JsonArray { Count: > 0 } items)
        {
            issues.Add(OutcomeIssue.Error(IssueTypes.Required, "feedback must be a non-empty array", "feedback"));
            return issues;
        }
        for (var i = 0; i < items.Count; i++)
        {
            var at = $"feedback[{i}]";
            if (items[i] is not JsonObject item)
            {
                issues.Add(OutcomeIssue.Error(IssueTypes.Structure, "Each feedback entry must be a JSON object", at));
                continue;
            }
            if (CdsRequestEnvelope.String(item["card"]) is not { Length: > 0 and <= 128 })
                issues.Add(OutcomeIssue.Error(IssueTypes.Required, "card must be the uuid of the card", $"{at}.card"));
            var outcome = CdsRequestEnvelope.String(item["outcome"]);
            if (outcome is not ("accepted" or "overridden"))
                issues.Add(OutcomeIssue.Error(IssueTypes.Value, "outcome must be 'accepted' or 'overridden'", $"{at}.outcome"));
            if (!DateTimeOffset.TryParse(CdsRequestEnvelope.String(item["outcomeTimestamp"]), CultureInfo.InvariantCulture,
                    DateTimeStyles.None, out _))
                issues.Add(OutcomeIssue.Error(IssueTypes.Required, "outcomeTimestamp must be an ISO 8601 date-time", $"{at}.outcomeTimestamp"));
            if (item["acceptedSuggestions"] is { } accepted
                && (outcome != "accepted" || accepted is not JsonArray list
                    || list.Any(s => s is not JsonObject o || CdsRequestEnvelope.String(o["id"]) is not { Length: > 0 })))
                issues.Add(OutcomeIssue.Error(IssueTypes.Value,
                    "acceptedSuggestions goes only with outcome 'accepted', as an array of {\"id\": suggestion uuid}", $"{at}.acceptedSuggestions"));
            if (item["overrideReason"] is { } reason && (outcome != "overridden" || reason is not JsonObject))
                issues.Add(OutcomeIssue.Error(IssueTypes.Value, "overrideReason goes only with outcome 'overridden', as an object", $"{at}.overrideReason"));
        }
        return issues;
    }
}
