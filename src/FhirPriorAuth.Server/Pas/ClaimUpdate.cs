using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Resources;
using FhirPriorAuth.Policies.Artifacts;
using FhirPriorAuth.Policies.Evidence;
using FhirPriorAuth.Server.FhirApi;
using FhirPriorAuth.Server.Storage;

namespace FhirPriorAuth.Server.Pas;

/// <summary>
/// A PASClaimUpdate (PAS 2.2.1 "Updating Authorization Requests"): a Claim whose <c>related</c> names the prior
/// Claim with relationship <c>prior</c>. The answer keeps the original authorization number and covers every item
/// ever submitted under it: cancelled items are <c>C</c>, changed or added items are decided again, the rest keep
/// their earlier answer. The stored answer is replaced, so $inquire sees the latest state.
/// </summary>
internal static class ClaimUpdate
{
    private const string InfoCancelled = PasCodes.Ig + "/StructureDefinition/modifierextension-infoCancelled";
    private const string InfoChanged = PasCodes.Ig + "/StructureDefinition/extension-infoChanged";
    private const string CertificationType = PasCodes.Ig + "/StructureDefinition/extension-certificationType";
    private const string RelatedAt = "Bundle.entry[0].resource.related[0]";
    public const string DeniedNote = "This line was not certified; PAS does not allow updating a denied request. Submit a new request.";

    /// <summary>The <c>related</c> entry naming the prior Claim, when the Claim is an update.</summary>
    public static JsonObject? Prior(JsonObject claim) =>
        (claim["related"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(r =>
            (r["relationship"]?["coding"] as JsonArray ?? []).Any(c => (string?)c?["code"] == "prior"));

    /// <summary>An update whose Claim-level certification type is cancel (X12 1322 <c>3</c>).</summary>
    public static bool CancelsWholeRequest(JsonObject claim) => Prior(claim) is not null && IsCancel(claim);

    public static async Task<JsonObject> AnswerAsync(Bundle request, JsonObject bundle, JsonObject related, SubmissionKeys keys,
        PolicyCatalog catalog, IResourceOperations store, DateTimeOffset now, CancellationToken ct)
    {
        var stored = await FindPriorAsync(request, related, keys, store, ct)
            ?? throw Refused(IssueTypes.NotFound, "The prior request this update names is not known here; send it as a new request");
        var priorBundle = JsonNode.Parse(stored.Json!)!.AsObject();
        var prior = priorBundle["entry"]![0]!["resource"]!.AsObject();
        var preAuthRef = (string)prior["preAuthRef"]!;
        var priorItems = (prior["item"] as JsonArray ?? []).OfType<JsonObject>()
            .ToDictionary(i => i["itemSequence"]!.GetValue<int>());

        // PAS: after a denial an update is not permitted. A request whose live (not cancelled) lines are all denied is
        // refused, so the submitter starts anew; a denied line in an otherwise live request stays denied (below).
        var live = priorItems.Values.Where(i => Code(i) != ActionCode.Cancelled.Code).ToList();
        if (live.Count > 0 && live.All(i => Code(i) == ActionCode.NotCertified.Code))
            throw Refused(IssueTypes.BusinessRule, "The prior request was denied; PAS does not allow updating it. Submit a new request.");

        var claim = request.Entries.First().Resource!;
        var cancelAll = IsCancel(claim);
        var items = (claim["item"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var decided = ItemDecision.DecideAll(claim, line => PasBundleEvidence.Extract(bundle, DateOnly.FromDateTime(now.UtcDateTime), catalog.EvidenceOptions, line), catalog)
            .ToDictionary(d => d.Sequence);
        var kept = new Dictionary<int, JsonObject>();
        var answers = new List<ItemDecision>();
        foreach (var item in items)
        {
            var sequence = item["sequence"]!.GetValue<int>();
            priorItems.TryGetValue(sequence, out var earlier);
            if (earlier is not null && Code(earlier) == ActionCode.NotCertified.Code)
                answers.Add(Keep(sequence, earlier, prior, kept, DeniedNote));
            else if (cancelAll || IsCancelled(item))
                answers.Add(new(sequence, ActionCode.Cancelled, ["Cancelled at the submitter's request."], null));
            else if (earlier is null || Extension(item, InfoChanged) is not null)
                answers.Add(decided[sequence]);
            else
                answers.Add(Keep(sequence, earlier, prior, kept, null));
        }
        // Lines sent earlier but absent now are echoed as they stood (or cancelled with the whole request).
        foreach (var (sequence, earlier) in priorItems.Where(p => items.All(i => i["sequence"]!.GetValue<int>() != p.Key)))
            answers.Add(cancelAll && Code(earlier) != ActionCode.NotCertified.Code
                ? new(sequence, ActionCode.Cancelled, ["Cancelled at the submitter's request."], null)
                : Keep(sequence, earlier, prior, kept, null));
        answers.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));

        var answer = PasResponseBuilder.Build(request, answers, preAuthRef, now);
        Restore(answer["entry"]![0]!["resource"]!.AsObject(), prior, kept);
        PendedLineRequests.Carry(answer, priorBundle, kept.Keys);
        PendedLineRequests.KeepOnlyPended(answer);
        Review.ReviewActions.KeepReviewer(answer["entry"]![0]!["resource"]!.AsObject(), prior, kept.Count > 0);
        var tokens = keys.Response(preAuthRef).Concat(await EarlierSendsAsync(keys, preAuthRef, store, ct)).ToList();
        // Only the answer this update was worked out from may be replaced: a reviewer's decision recorded meanwhile
        // must not be overwritten by an answer that never saw it.
        var result = await store.UpdateAsync(SubmissionKeys.ResponseType, stored.Id, answer.ToJsonString(), tokens, stored.VersionId, ct);
        if (result.Status == UpdateStatus.VersionConflict)
            throw Conflict();
        if (result.Status != UpdateStatus.Updated)
            throw new InvalidOperationException($"The stored answer {stored.Id} could not be replaced: {result.Status}");
        await store.CreateAsync(SubmissionKeys.RequestType, bundle.ToJsonString(), keys.Request(preAuthRef), ct);
        return answer;
    }

    // The replaced answer stays findable by every request sent under this authorization (the original and earlier
    // updates): a resend of any of them is a lost-response retry, answered with the current state, not a new request.
    private static async Task<IEnumerable<SearchToken>> EarlierSendsAsync(SubmissionKeys keys, string preAuthRef,
        IResourceOperations store, CancellationToken ct)
    {
        var earlier = await store.SearchAsync(SubmissionKeys.RequestType, keys.RequestsOf(preAuthRef), 1000, ct);
        return earlier.Where(r => r.Json is not null)
            .Select(r => SubmissionKeys.Of(new Bundle(JsonNode.Parse(r.Json!)!.AsObject()), null))
            .SelectMany(k => new[] { k.Identifier, k.ContentHash });
    }

    // By the authorization number when the update names it; otherwise by the prior Claim's identifier and the sender.
    // Always among the submitter's own answers: another client's authorization number reads as unknown.
    private static async Task<StoredResource?> FindPriorAsync(Bundle request, JsonObject related, SubmissionKeys keys,
        IResourceOperations store, CancellationToken ct)
    {
        var criteria = new List<TokenCriterion> { SubmissionKeys.ResponseKind.AsCriterion(),
            keys.Sender.AsCriterion(), keys.OwnedBy() };
        var claimRef = related["claim"];
        if ((string?)claimRef?["identifier"]?["value"] is { } number)
            criteria.Add(new("authorization-number", PasCodes.AuthorizationNumberSystem, number));
        else if ((string?)claimRef?["reference"] is { } reference
            && request.Resolve(reference, request.Entries.First().FullUrl) is { } priorClaim
            && (priorClaim["identifier"] as JsonArray)?.FirstOrDefault() is JsonObject identifier)
            criteria.Add(new("identifier", (string?)identifier["system"] ?? "", (string?)identifier["value"] ?? ""));
        else
            criteria.Add(keys.Identifier.AsCriterion());
        var found = await store.SearchAsync(SubmissionKeys.ResponseType, criteria, 100, ct);
        return found.Where(f => f.Json is not null).MaxBy(f => f.LastUpdated);
    }

    private static ItemDecision Keep(int sequence, JsonObject earlier, JsonObject prior, Dictionary<int, JsonObject> kept, string? note)
    {
        kept[sequence] = earlier;
        var numbers = (earlier["noteNumber"] as JsonArray ?? []).Select(n => n!.GetValue<int>()).ToHashSet();
        var notes = (prior["processNote"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(n => numbers.Contains(n["number"]!.GetValue<int>())).Select(n => (string)n["text"]!).ToList();
        if (note is not null)
            notes.Add(note);
        var code = Code(earlier);
        var action = new[] { ActionCode.Certified, ActionCode.NotCertified, ActionCode.Pended, ActionCode.Modified,
            ActionCode.ContactPayer, ActionCode.NoActionRequired, ActionCode.Cancelled }.First(a => a.Code == code);
        return new(sequence, action, notes, null);
    }

    // A kept line keeps its review number, authorized period and any payer modification exactly as answered before.
    private static void Restore(JsonObject response, JsonObject prior, Dictionary<int, JsonObject> kept)
    {
        foreach (var item in (response["item"] as JsonArray ?? []).OfType<JsonObject>())
            if (kept.TryGetValue(item["itemSequence"]!.GetValue<int>(), out var earlier))
            {
                item["extension"] = earlier["extension"]?.DeepClone();
                item["adjudication"] = earlier["adjudication"]?.DeepClone();
            }
        var addItems = (prior["addItem"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(a => (a["itemSequence"] as JsonArray ?? []).Any(s => kept.ContainsKey(s!.GetValue<int>())))
            .Select(a => a.DeepClone()).ToList();
        if (addItems.Count == 0)
            return;
        var target = response["addItem"] as JsonArray ?? [];
        foreach (var added in addItems)
            target.Add(added);
        response["addItem"] = target;
    }

    private static bool IsCancelled(JsonObject item) =>
        (item["modifierExtension"] as JsonArray ?? []).OfType<JsonObject>()
            .Any(e => (string?)e["url"] == InfoCancelled && (bool?)e["valueBoolean"] == true)
        || IsCancel(item);

    // X12 1322 certification type 3 = cancel.
    private static bool IsCancel(JsonObject element) =>
        (Extension(element, CertificationType)?["valueCodeableConcept"]?["coding"] as JsonArray ?? []).Any(c => (string?)c?["code"] == "3");

    private static JsonObject? Extension(JsonObject element, string url) =>
        (element["extension"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(e => (string?)e["url"] == url);

    private static string Code(JsonObject responseItem) =>
        (string)responseItem["adjudication"]![0]!["extension"]![0]!["extension"]!.AsArray()
            .First(e => (string?)e!["url"] == PasCodes.ReviewActionCode)!["valueCodeableConcept"]!["coding"]![0]!["code"]!;

    /// <summary>The stored answer changed while this update was being decided (a reviewer's decision); nothing was written.</summary>
    public static FhirRequestException Conflict() =>
        new(StatusCodes.Status409Conflict, OutcomeIssue.Error(IssueTypes.Conflict,
            "The answer to the prior request changed while this update was being decided; send the update again"));

    public static bool IsConflict(FhirRequestException refusal) =>
        refusal.StatusCode == StatusCodes.Status409Conflict && refusal.Issues.Any(i => i.Code == IssueTypes.Conflict);

    private static FhirRequestException Refused(string code, string text) =>
        new(StatusCodes.Status400BadRequest, OutcomeIssue.Error(code, text, RelatedAt));
}
