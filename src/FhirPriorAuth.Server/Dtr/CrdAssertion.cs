using System.Text.Json.Nodes;
using FhirPriorAuth.Server.CdsHooks.Retention;
using FhirPriorAuth.Server.Crd.Responses;

namespace FhirPriorAuth.Server.Dtr;

/// <summary>
/// What a CRD coverage-assertion-id (DTR's <c>context</c>) stood for: the order CRD annotated and the Questionnaires
/// it named, read from the kept CRD answer (<see cref="CdsExchangeLog"/>). Only a Coverage of the member the call was
/// about resolves it; for anyone else the id reads as never issued, so a guessed id reveals nothing.
/// </summary>
internal sealed record CrdAssertion(JsonObject Order, IReadOnlyList<string> Questionnaires)
{
    public static async Task<CrdAssertion?> FindAsync(CdsExchangeLog exchanges, string assertionId, JsonObject coverage, CancellationToken ct)
    {
        // The retention index keys a call by the subscriberId of the Coverage it was about.
        if (assertionId.Length == 0 || coverage.Str("subscriberId") is not { Length: > 0 } member)
            return null;
        var calls = await exchanges.CallsAsync(assertionId, member, ct);
        // A re-sent order gets the same id: the latest answer is the one the clinician last saw.
        foreach (var call in calls.Where(c => c.Json is not null).OrderByDescending(c => c.LastUpdated))
        {
            var response = CdsExchangeLog.Content(JsonNode.Parse(call.Json!)!.AsObject(), CdsExchangeLog.ResponseUrl);
            if (FromResponse(response, assertionId) is { } found)
                return found;
        }
        return null;
    }

    /// <summary>The annotated resource and the questionnaire canonicals of the coverage-information carrying the id.</summary>
    private static CrdAssertion? FromResponse(JsonNode? response, string assertionId)
    {
        JsonObject? order = null;
        var questionnaires = new List<string>();
        foreach (var resource in Actions(response).Select(a => a.Obj("resource")).OfType<JsonObject>())
        {
            foreach (var information in resource.Objects("extension").Where(e => e.Str("url") == CoverageInformation.Url))
            {
                var parts = information.Objects("extension").ToList();
                if (!parts.Any(p => p.Str("url") == "coverage-assertion-id" && p.Str("valueString") == assertionId))
                    continue;
                order ??= resource;
                questionnaires.AddRange(parts.Where(p => p.Str("url") == "questionnaire").Select(p => p.Str("valueCanonical")).OfType<string>());
            }
        }
        return order is null ? null : new CrdAssertion(order, [.. questionnaires.Distinct()]);
    }

    /// <summary>Where CRD puts annotated orders: the system actions, and the actions of card suggestions.</summary>
    private static IEnumerable<JsonObject> Actions(JsonNode? response) =>
        response.Objects("systemActions")
            .Concat(response.Objects("cards").SelectMany(c => c.Objects("suggestions")).SelectMany(s => s.Objects("actions")));
}
