using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Resources;
using FhirPriorAuth.Server.Audit;
using FhirPriorAuth.Server.FhirApi;
using FhirPriorAuth.Server.Storage;

namespace FhirPriorAuth.Server.Pas;

/// <summary>
/// <c>Claim/$inquire</c> (PAS 2.2.1): the stored answers for a patient (member id) from a provider, narrowed to one
/// authorization number when the inquiry names it (the patient matched by <see cref="MemberKey"/>), as a Parameters of 0..* <c>return</c> Inquiry Response Bundles.
/// PAS requires both the member id and the provider to match, so an inquiry without either is refused. Only the
/// inquiring client's own submissions are searched: another system's answers are not there for it.
/// </summary>
internal static class InquireOperation
{
    public const string Definition = PasCodes.Ig + "/OperationDefinition/Claim-inquiry";
    private const string AuthorizationNumberExtension = PasCodes.Ig + "/StructureDefinition/extension-authorizationNumber";

    public static async Task<IResult> PostAsync(HttpRequest http, FhirRequestReader reader, IResourceStore store, CancellationToken ct)
    {
        var parameters = new JsonArray();
        foreach (var stored in (await FindAsync(http, reader, store, ct)).Matches)
            parameters.Add(new JsonObject { ["name"] = "return", ["resource"] = PasResponseBuilder.ForInquiry(JsonNode.Parse(stored.Json!)!.AsObject()) });
        var answer = new JsonObject { ["resourceType"] = "Parameters" };
        // No match: no parameter at all (FHIR JSON has no empty arrays).
        if (parameters.Count > 0)
            answer["parameter"] = parameters;
        return FhirResults.Resource(answer);
    }

    /// <summary>The inquiry as read and the stored answers it matches (current versions, never deleted ones).</summary>
    public static async Task<(Bundle Inquiry, IReadOnlyList<StoredResource> Matches)> FindAsync(HttpRequest http, FhirRequestReader reader,
        IResourceStore store, CancellationToken ct)
    {
        var bundle = SubmitOperation.Unwrap(await reader.ReadValidResourceAsync(http, ct));
        var entries = bundle["entry"] as JsonArray ?? [];
        if (entries.Count == 0 || (string?)entries[0]?["resource"]?["resourceType"] != "Claim")
            throw Refused(IssueTypes.Required, "A PAS inquiry Bundle starts with the Claim describing what is asked about", "Bundle.entry[0].resource");

        var request = new Bundle(bundle);
        var keys = SubmissionKeys.Of(request, http.HttpContext.User.Identity?.Name);
        if (keys.MemberId is null)
            throw Refused(IssueTypes.Required,
                "An inquiry identifies the patient by a member id: Coverage.subscriberId, a Coverage or Patient identifier of type MB, or the Patient's member identifier",
                "Bundle.entry[0].resource.patient");

        var criteria = new List<TokenCriterion>
        {
            SubmissionKeys.ResponseKind.AsCriterion(),
            keys.MemberId.AsCriterion(),
            keys.Sender.AsCriterion(),
            keys.OwnedBy(),
        };
        var claim = request.Entries.First().Resource!;
        var number = (claim["extension"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(e => (string?)e["url"] == AuthorizationNumberExtension)?["valueString"];
        if (number is not null)
            criteria.Add(new("authorization-number", PasCodes.AuthorizationNumberSystem, (string)number!));

        var found = await store.SearchAsync(SubmissionKeys.ResponseType, criteria, 100, ct);
        var matches = found.Where(f => f.Json is not null).ToList();
        var audit = AuditDetails.Of(http.HttpContext);
        foreach (var stored in matches)
            audit.AuthorizationNumber((string?)JsonNode.Parse(stored.Json!)?["identifier"]?["value"]);
        return (request, matches);
    }

    private static FhirRequestException Refused(string code, string text, string expression) =>
        new(StatusCodes.Status400BadRequest, OutcomeIssue.Error(code, text, expression));
}
