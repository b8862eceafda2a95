using System.Globalization;
using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Evidence.Extraction;
using FhirPriorAuth.Server.Pas;
using FhirPriorAuth.Server.Storage;

namespace FhirPriorAuth.Server.Crd;

/// <summary>
/// A prior authorization this payer already granted the member, for one drug over a period: a certified (A1) or
/// modified (A6) line of a PAS answer held here, with the authorization number PAS gave it (the ClaimResponse's
/// <c>preAuthRef</c>).
/// </summary>
/// <param name="Drug"><c>lutathera</c> or <c>everolimus</c>, as the Claim line's productOrService names it.</param>
/// <param name="Substituted">
/// The line was modified to another product than requested (A6 naming a product, e.g. generic for brand everolimus):
/// it does not cover an order for the brand.
/// </param>
public sealed record ExistingAuthorization(string Number, string Drug, DateOnly Start, DateOnly End, bool Substituted = false)
{
    public bool Covers(string drug, bool brand, DateOnly date) => Drug == drug && !(Substituted && brand) && Start <= date && date <= End;
}

/// <summary>
/// Finds the member's authorizations in the PAS store (the current answer of each request, so a cancellation or a
/// reviewer's decision counts), for CRD to answer <c>pa-needed: satisfied</c> instead of asking for a new request.
/// </summary>
internal sealed class ExistingAuthorizations(IResourceStore store)
{
    private static readonly HashSet<string> Granted = [Pas.ActionCode.Certified.Code, Pas.ActionCode.Modified.Code];

    public async Task<IReadOnlyList<ExistingAuthorization>> ForMemberAsync(string memberId, CancellationToken ct)
    {
        var answers = await store.SearchAsync(SubmissionKeys.ResponseType,
            [SubmissionKeys.ResponseKind.AsCriterion(), new("patient-member-id", null, memberId)], 100, ct);
        var found = new List<ExistingAuthorization>();
        foreach (var answer in answers.Where(a => a.Json is not null))
        {
            var claimResponse = JsonNode.Parse(answer.Json!)?["entry"]?[0]?["resource"] as JsonObject;
            if (claimResponse is null || Str(claimResponse["status"]) != "active" || Str(claimResponse["preAuthRef"]) is not { } number)
                continue;
            List<JsonObject>? claims = null;
            foreach (var item in (claimResponse["item"] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (Int(item["itemSequence"]) is not { } sequence || !Granted.Contains(ReviewCode(item) ?? "")
                    || (Period(item) ?? AddedPeriod(claimResponse, sequence)) is not var (start, end))
                    continue;
                claims ??= await ClaimsAsync(number, ct);
                var line = claims.Select(c => (c["item"] as JsonArray ?? []).OfType<JsonObject>()
                    .FirstOrDefault(i => Int(i["sequence"]) == sequence)).FirstOrDefault(i => i is not null);
                if (Products.Identify(line?["productOrService"] as JsonObject) is { } product)
                    found.Add(new ExistingAuthorization(number, product.Drug, start, end, Substitutes(claimResponse, sequence)));
            }
        }
        return found;
    }

    /// <summary>The Claims sent under the authorization number, newest first (an update may resend only some lines).</summary>
    private async Task<List<JsonObject>> ClaimsAsync(string number, CancellationToken ct)
    {
        var requests = await store.SearchAsync(SubmissionKeys.RequestType,
            [new("pas-kind", null, "submit-request"), new("authorization-number", PasCodes.AuthorizationNumberSystem, number)], 100, ct);
        return [.. requests.Where(r => r.Json is not null).OrderByDescending(r => r.LastUpdated)
            .Select(r => JsonNode.Parse(r.Json!)?["entry"]?[0]?["resource"]).OfType<JsonObject>()];
    }

    /// <summary>An addItem replacing the line names a product of its own ("as requested" when only the quantity changed).</summary>
    private static bool Substitutes(JsonObject claimResponse, int sequence) =>
        (claimResponse["addItem"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(a => (a["itemSequence"] as JsonArray ?? []).Any(s => Int(s) == sequence))
            .Any(a => Str(a["productOrService"]?["text"]) is { } text && text != "as requested");

    private static string? ReviewCode(JsonObject item) =>
        (item["adjudication"] as JsonArray ?? []).OfType<JsonObject>()
            .SelectMany(a => (a["extension"] as JsonArray ?? []).OfType<JsonObject>())
            .Where(e => Str(e["url"]) == PasCodes.ReviewAction)
            .SelectMany(e => (e["extension"] as JsonArray ?? []).OfType<JsonObject>())
            .Where(e => Str(e["url"]) == PasCodes.ReviewActionCode)
            .Select(e => Str(e["valueCodeableConcept"]?["coding"]?[0]?["code"])).FirstOrDefault(c => c is not null);

    private static (DateOnly, DateOnly)? Period(JsonObject line)
    {
        var period = (line["extension"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(e => Str(e["url"]) == PasCodes.ItemPreAuthPeriod)?["valuePeriod"];
        return Day(period?["start"]) is { } start && Day(period?["end"]) is { } end ? (start, end) : null;
    }

    // A modified line's granted period sits on the addItem that replaces it.
    private static (DateOnly, DateOnly)? AddedPeriod(JsonObject claimResponse, int sequence) =>
        (claimResponse["addItem"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(a => (a["itemSequence"] as JsonArray ?? []).Any(s => Int(s) == sequence))
            .Select(Period).FirstOrDefault(p => p is not null);

    private static DateOnly? Day(JsonNode? value) =>
        Str(value) is { Length: >= 10 } text && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day : null;

    private static int? Int(JsonNode? node) => node is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;

    private static string? Str(JsonNode? node) => FhirPriorAuth.Server.CdsHooks.CdsRequestEnvelope.String(node);
}
