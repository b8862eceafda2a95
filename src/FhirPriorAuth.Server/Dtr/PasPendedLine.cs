using System.Globalization;
using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Resources;
using FhirPriorAuth.Policies.Evidence.Extraction;
using FhirPriorAuth.Server.Pas;
using FhirPriorAuth.Server.Storage;

namespace FhirPriorAuth.Server.Dtr;

/// <summary>
/// What an attachment control number of our PAS pend (DTR's <c>context</c>) stands for: one line of a stored PAS
/// request, as it stands now. PAS 2.2.1 ainfo-3: the number sent with LOINC 102089-0 SHALL be the DTR context id; ours
/// is <c>{authorization number}-{line sequence}</c>. Only a Coverage of the member the request was for (its
/// subscriberId, as $inquire matches a patient) and of the same payer resolves it; for anyone else the number reads
/// as never issued, so a guessed one reveals nothing.
/// </summary>
/// <param name="Pended">The line is still pended (A4); an answered line has nothing left to document.</param>
/// <param name="Drug">The policy drug the line asks for (its order's codes, else the line's product code).</param>
/// <param name="Order">The request the line is for, when the PAS Bundle carries one.</param>
/// <param name="ServiceDate">The line's date of service (servicedDate or the start of servicedPeriod).</param>
internal sealed record PasPendedLine(bool Pended, string? Drug, JsonObject? Order, DateOnly? ServiceDate)
{
    private const string RequestedService = PasCodes.Ig + "/StructureDefinition/extension-requestedService";
    private const int MaxSends = 100;

    /// <summary>What a line's order may be: the request types DTR's qr-context names.</summary>
    private static readonly HashSet<string> RequestTypes = ["MedicationRequest", "ServiceRequest", "DeviceRequest", "NutritionOrder"];

    public static async Task<PasPendedLine?> FindAsync(IResourceStore store, string controlNumber, JsonObject coverage, string payer,
        CancellationToken ct)
    {
        // Authorization numbers may themselves contain '-': the sequence is what follows the last one.
        var dash = controlNumber.LastIndexOf('-');
        if (dash <= 0 || coverage.Str("subscriberId") is not { Length: > 0 } member
            || !int.TryParse(controlNumber.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            return null;
        var number = controlNumber[..dash];

        var answers = await store.SearchAsync(SubmissionKeys.ResponseType,
            SubmissionKeys.OfMember(SubmissionKeys.ResponseKind, number, member), MaxSends, ct);
        var answer = answers.Where(a => a.Json is not null).MaxBy(a => a.LastUpdated);
        var response = answer is null ? null : JsonNode.Parse(answer.Json!)!.Objects("entry").FirstOrDefault().Obj("resource");
        var answered = response.Objects("item").FirstOrDefault(i => Sequence(i, "itemSequence") == sequence);
        if (answered is null)
            return null;

        // The newest send that carries the line: an update may leave out the lines it does not change.
        var sends = await store.SearchAsync(SubmissionKeys.RequestType,
            SubmissionKeys.OfMember(SubmissionKeys.RequestKind, number, member), MaxSends, ct);
        foreach (var send in sends.Where(s => s.Json is not null).OrderByDescending(s => s.LastUpdated))
        {
            var bundle = new Bundle(JsonNode.Parse(send.Json!)!.AsObject());
            if (bundle.Entries.FirstOrDefault() is not { Resource: { } claim } claimEntry
                || claim.Objects("item").FirstOrDefault(i => Sequence(i, "sequence") == sequence) is not { } item)
                continue;
            var resources = bundle.Entries.Select(e => e.Resource).OfType<JsonObject>().ToList();
            var requestCoverage = Resolve(bundle, claim.Objects("insurance").FirstOrDefault().Obj("coverage"), claimEntry.FullUrl);
            if (requestCoverage is not null && CoveragePayer.PayerId(requestCoverage, resources) is { } requestPayer && requestPayer != payer)
                return null;
            var order = LineOrder(bundle, claim, item, claimEntry.FullUrl, resources);
            var drug = (order is null ? null : OrderedDrug.Of(order, resources)) ?? Products.Identify(item.Obj("productOrService"))?.Drug;
            var serviceDate = QuestionnaireScope.Day(item.Str("servicedDate") ?? item.Obj("servicedPeriod").Str("start"));
            return new PasPendedLine(ReviewCode(answered) == ActionCode.Pended.Code, drug, order, serviceDate);
        }
        return null;
    }

    /// <summary>
    /// The line's order: its requestedService; for a single-line Claim, else its prescription or the one request the
    /// Bundle carries.
    /// </summary>
    private static JsonObject? LineOrder(Bundle bundle, JsonObject claim, JsonObject item, string? claimFullUrl, List<JsonObject> resources)
    {
        var requested = item.Objects("extension").Where(e => e.Str("url") == RequestedService)
            .Select(e => Resolve(bundle, e.Obj("valueReference"), claimFullUrl)).FirstOrDefault(IsRequest);
        if (requested is not null || claim.Objects("item").Count() != 1)
            return requested;
        if (Resolve(bundle, claim.Obj("prescription"), claimFullUrl) is { } prescription && IsRequest(prescription))
            return prescription;
        var requests = resources.Where(IsRequest).Take(2).ToList();
        return requests.Count == 1 ? requests[0] : null;
    }

    private static bool IsRequest(JsonObject? resource) => resource?.Str("resourceType") is { } type && RequestTypes.Contains(type);

    private static JsonObject? Resolve(Bundle bundle, JsonObject? reference, string? fromFullUrl) =>
        reference.Str("reference") is { Length: > 0 } text ? bundle.Resolve(text, fromFullUrl) : null;

    private static int? Sequence(JsonObject item, string name) =>
        item[name] is JsonValue value && value.TryGetValue<int>(out var sequence) ? sequence : null;

    /// <summary>The X12 306 action code of an answered line.</summary>
    private static string? ReviewCode(JsonObject line) =>
        line.Objects("adjudication").FirstOrDefault().Objects("extension").Where(e => e.Str("url") == PasCodes.ReviewAction)
            .SelectMany(e => e.Objects("extension")).Where(e => e.Str("url") == PasCodes.ReviewActionCode)
            .SelectMany(e => e.Obj("valueCodeableConcept").Codings()).Select(c => c.Code).FirstOrDefault();
}
