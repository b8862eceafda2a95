using System.Globalization;
using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Artifacts;
using FhirPriorAuth.Server.FhirApi;
using FhirPriorAuth.Server.Pas.Review;
using FhirPriorAuth.Server.Storage;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.Pas.Pas201;

/// <summary>
/// The 2.0.1 operations: decided and stored by the same code as 2.2.1, answered in the 2.0.1 shape.
/// <c>$inquire</c> takes one inquiry Bundle and answers one PAS Inquiry Response Bundle (2.0.1 has no Parameters
/// wrapper). That Bundle holds every matching authorization, as the 2.0.1 operation defines ("zero-to-many
/// PASClaimInquiryResponses"; "any authorizations that match ... will be returned"), newest first, so a client that
/// reads only the first ClaimResponse sees the most recent answer.
/// </summary>
internal static class Pas201Operations
{
    public static async Task<IResult> SubmitAsync(HttpRequest http, FhirRequestReader reader, PolicyCatalog catalog,
        IResourceStore store, TimeProvider clock, ReviewTasks reviews, IOptions<PasOptions> pas, CancellationToken ct) =>
        FhirResults.Resource(Pas201Shape.Response(await SubmitOperation.AnswerAsync(http, reader, catalog, store, clock, reviews, pas, ct)));

    public static async Task<IResult> InquireAsync(HttpRequest http, FhirRequestReader reader, IResourceStore store,
        TimeProvider clock, CancellationToken ct)
    {
        var (inquiry, matches) = await InquireOperation.FindAsync(http, reader, store, ct);
        var answers = matches
            .Select(m => (Bundle: JsonNode.Parse(m.Json!)!.AsObject(), m.LastUpdated))
            .OrderByDescending(m => m.LastUpdated)
            .Select(m => m.Bundle);
        var timestamp = clock.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        return FhirResults.Resource(Pas201Shape.InquiryResponse(inquiry, answers, timestamp));
    }
}
