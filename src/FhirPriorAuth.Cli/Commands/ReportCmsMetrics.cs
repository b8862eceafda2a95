using System.Globalization;
using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Evidence.Extraction;
using FhirPriorAuth.Server.Pas;
using FhirPriorAuth.Server.Pas.Review;
using FhirPriorAuth.Server.Storage;

namespace FhirPriorAuth.Cli.Commands;

/// <summary>How a prior authorization request stands, from its stored answer and any reviewer Tasks.</summary>
internal enum RequestOutcome
{
    Approved,
    PartiallyApproved,
    Denied,
    Pending,
    /// <summary>Nothing needed deciding (no authorization required, contact payer) or the submitter cancelled it.</summary>
    NoDetermination,
}

/// <summary>One authorization (one authorization number) as the CMS metrics count it.</summary>
internal sealed record PaRequest(string AuthorizationNumber, DateTimeOffset Submitted, DateTimeOffset? Decided, bool Expedited,
    RequestOutcome Outcome, bool IsDrug, IReadOnlyList<string> Services);

/// <summary>
/// The nine CMS-0057-F public-reporting metrics (42 CFR 422.122(c) and parallels) computed from the stored PAS
/// decisions. Counting rules, where the rule leaves a choice:
/// <list type="bullet">
/// <item>a request is one authorization number (updates and cancellations belong to it), counted in the year it was
/// first submitted (UTC);</item>
/// <item>a request is approved when every decided line was certified (A1, or A6: authorized as modified), denied when
/// every decided line was not certified (A3), partially approved when both; lines needing no authorization (NA),
/// contact-payer (CT) and cancelled (C) lines are not decisions; a request with a line still pended (A4) has no
/// determination yet; percentages are of the requests with a determination;</item>
/// <item>the determination time is that of the completed reviewer Tasks (their latest executionPeriod.end) or else the
/// ClaimResponse.created of the first stored answer with no pended line;</item>
/// <item>expedited means X12 level of service U (urgent) or 03 (emergency) on the Claim, or a reviewer Task of urgent
/// (or higher) priority;</item>
/// <item>CMS-0057-F excludes drugs of every kind (provider-administered included) from these provisions, so requests
/// for a drug are left out unless drugs are asked for; appeals and timeframe extensions are not recorded by this
/// server, so metrics 4 and 5 are reported as not available.</item>
/// </list>
/// </summary>
internal static class ReportCmsMetrics
{
    // The server's own names for what it stores, so the report reads exactly what the server writes.
    private const string LevelOfService = ReviewClock.LevelOfServiceUrl;
    private const string ReviewActionCode = PasCodes.ReviewActionCode;
    private const int Everything = 1_000_000;

    private static readonly HashSet<string> Certified = ["A1", "A2", "A6"];
    private static readonly HashSet<string> NotDecisions = ["NA", "CT", "C"];
    private static readonly HashSet<string> UrgentPriorities = ["urgent", "asap", "stat"];

    public static async Task<IReadOnlyList<PaRequest>> LoadAsync(IResourceOperations store, CancellationToken ct)
    {
        var tasks = (await store.SearchAsync(ReviewTask.ResourceType, [ReviewTask.Kind.AsCriterion()], Everything, ct))
            .Where(t => t.Json is not null).Select(t => JsonNode.Parse(t.Json!)!.AsObject())
            .Where(t => (string?)t["status"] == "completed")
            .ToLookup(t => (string?)t["focus"]?["reference"] ?? "");
        var responses = await store.SearchAsync(SubmissionKeys.ResponseType, [SubmissionKeys.ResponseKind.AsCriterion()], Everything, ct);
        var requests = new List<PaRequest>();
        foreach (var stored in responses.Where(r => r.Json is not null))
            requests.Add(await ReadAsync(store, stored, tasks["Bundle/" + stored.Id].ToList(), ct));
        return requests;
    }

    private static async Task<PaRequest> ReadAsync(IResourceOperations store, StoredResource stored, List<JsonObject> reviews, CancellationToken ct)
    {
        var versions = (await store.HistoryAsync(SubmissionKeys.ResponseType, stored.Id, ct)).Where(v => v.Json is not null)
            .OrderBy(v => v.VersionId).Select(v => ClaimResponse(v.Json!)).ToList();
        var current = ClaimResponse(stored.Json!);
        var number = (string?)current["preAuthRef"] ?? stored.Id;
        var submitted = Created(versions[0]) ?? stored.LastUpdated;

        var claims = (await store.SearchAsync(SubmissionKeys.RequestType, [SubmissionKeys.RequestKind.AsCriterion(),
                new("authorization-number", PasCodes.AuthorizationNumberSystem, number)], Everything, ct))
            .Where(r => r.Json is not null).OrderBy(r => r.LastUpdated).Select(r => JsonNode.Parse(r.Json!)!.AsObject()).ToList();
        var original = claims.Count > 0 ? claims[0] : null;
        var claim = original?["entry"]?[0]?["resource"] as JsonObject;

        var codes = Codes(current);
        DateTimeOffset? decided = null;
        if (reviews.Count > 0)
        {
            codes = [.. codes.Where(c => c != "A4"), .. reviews.SelectMany(ReviewCodes)];
            decided = reviews.Select(r => Date((string?)r["executionPeriod"]?["end"])).Max();
        }
        var outcome = Outcome(codes);
        if (decided is null && outcome is not (RequestOutcome.Pending or RequestOutcome.NoDetermination))
            decided = versions.Where(v => !Codes(v).Contains("A4")).Select(Created).FirstOrDefault() ?? stored.LastUpdated;

        var expedited = claim is not null && IsUrgent(claim)
            || reviews.Any(r => UrgentPriorities.Contains((string?)r["priority"] ?? ""));
        var items = (claim?["item"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var drugs = items.Select(i => Products.Identify(i["productOrService"] as JsonObject)).OfType<ProductIdentity>().ToList();
        // Without the stored request (data from before requests carried the number), a line reviewed under a policy
        // is a drug line: every policy this server holds is a drug policy.
        var isDrug = drugs.Count > 0
            || (original?["entry"] as JsonArray ?? []).Any(e => (string?)e?["resource"]?["resourceType"] is "MedicationRequest" or "Medication")
            || (original is null && Reviewed(current));
        var services = items.Select(i => Service(i)).Where(s => s is not null).Select(s => s!).Distinct().ToList();
        return new PaRequest(number, submitted, decided, expedited, outcome, isDrug, services);
    }

    private static RequestOutcome Outcome(IReadOnlyCollection<string> codes)
    {
        var decisions = codes.Where(c => !NotDecisions.Contains(c)).ToList();
        if (decisions.Count == 0)
            return RequestOutcome.NoDetermination;
        if (decisions.Contains("A4"))
            return RequestOutcome.Pending;
        var approved = decisions.Count(Certified.Contains);
        var denied = decisions.Count(c => c == "A3");
        return denied == 0 ? RequestOutcome.Approved : approved == 0 ? RequestOutcome.Denied : RequestOutcome.PartiallyApproved;
    }

    private static bool IsUrgent(JsonObject claim) =>
        (claim["extension"] as JsonArray ?? []).OfType<JsonObject>().Where(e => (string?)e["url"] == LevelOfService)
            .SelectMany(e => e["valueCodeableConcept"]?["coding"] as JsonArray ?? [])
            .Any(c => (string?)c?["code"] is "U" or "03");

    private static string? Service(JsonObject item)
    {
        var concept = item["productOrService"] as JsonObject;
        if (Products.Identify(concept) is { } product)
            return $"{product.Product ?? product.Drug} ({product.Code})";
        var coding = (concept?["coding"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault();
        return (string?)coding?["display"] ?? (string?)concept?["text"] ?? (string?)coding?["code"];
    }

    private static List<string> Codes(JsonObject claimResponse) =>
        [.. (claimResponse["item"] as JsonArray ?? []).OfType<JsonObject>().Select(i =>
            (i["adjudication"] as JsonArray ?? []).OfType<JsonObject>()
                .SelectMany(a => a["extension"] as JsonArray ?? []).OfType<JsonObject>()
                .SelectMany(r => r["extension"] as JsonArray ?? []).OfType<JsonObject>()
                .Where(e => (string?)e["url"] == ReviewActionCode)
                .Select(e => (string?)e["valueCodeableConcept"]?["coding"]?[0]?["code"]).FirstOrDefault())
            .OfType<string>()];

    private static bool Reviewed(JsonObject claimResponse) =>
        Codes(claimResponse).Any(c => !NotDecisions.Contains(c));

    private static IEnumerable<string> ReviewCodes(JsonObject task) =>
        (task["output"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(o => (string?)o["type"]?["text"] == "reviewAction").Select(o => (string?)o["valueCode"]).OfType<string>();

    private static JsonObject ClaimResponse(string bundle) => JsonNode.Parse(bundle)!["entry"]![0]!["resource"]!.AsObject();

    private static DateTimeOffset? Created(JsonObject claimResponse) => Date((string?)claimResponse["created"]);

    private static DateTimeOffset? Date(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value.ToUniversalTime() : null;
}
