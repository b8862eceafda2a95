using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Resources;

namespace FhirPriorAuth.Server.Pas.Pas201;

/// <summary>
/// Reshapes a stored (2.2.1) PAS Response Bundle the way PAS 2.0.1 expresses it:
/// <list type="bullet">
/// <item>profiles are claimed by their 2.0.1 versioned canonicals (<c>…|2.0.1</c>);</item>
/// <item>a request for more documentation carries its line number on the payload, not on the request;</item>
/// <item>extensions 2.0.1 does not define (claimResponseReviewer, transmissionIdentifiers, admission/discharge dates)
/// are dropped;</item>
/// <item>a payer modification (2.1+: the line A6 plus an <c>addItem</c> with what was authorized) becomes the 2.0.1
/// form: the line keeps A6 and carries what was authorized in its <c>itemAuthorizedDetail</c> extension, with the
/// authorized period as its <c>itemPreAuthPeriod</c>.</item>
/// </list>
/// The X12 review action (code, number) is the same extension in both versions.
/// </summary>
internal static class Pas201Shape
{
    private const string Profile = PasCodes.Ig + "/StructureDefinition/";
    private const string AuthorizedDetail = Profile + "extension-itemAuthorizedDetail";

    private static readonly HashSet<string> Later =
    [
        Profile + "extension-claimResponseReviewer",
        Profile + "extension-transmissionIdentifiers",
        Profile + "extension-admissionDates",
        Profile + "extension-dischargeDate",
    ];

    /// <summary>The $submit answer in 2.0.1 form (a copy; the stored Bundle is not changed).</summary>
    public static JsonObject Response(JsonObject stored)
    {
        var bundle = stored.DeepClone().AsObject();
        bundle["meta"] = Meta("profile-pas-response-bundle");
        var claimResponse = bundle["entry"]![0]!["resource"]!.AsObject();
        Reshape(claimResponse, "profile-claimresponse");
        ReshapeRequests(bundle);
        return bundle;
    }

    /// <summary>
    /// One PAS Inquiry Response Bundle holding each answer's ClaimResponse (in the order given) and the resources they
    /// reference, each once. With no match the parties the inquiry named are echoed, so the Bundle still has the entry
    /// the profile requires and the submitter sees whom the empty answer is about.
    /// </summary>
    public static JsonObject InquiryResponse(Bundle inquiry, IEnumerable<JsonObject> answers, string timestamp)
    {
        var entries = new JsonArray();
        var fullUrls = new HashSet<string>(StringComparer.Ordinal);
        var others = new List<JsonObject>();
        foreach (var answer in answers)
        {
            var answerEntries = answer["entry"]!.AsArray().OfType<JsonObject>().ToList();
            var claimResponse = answerEntries[0]["resource"]!.DeepClone().AsObject();
            Reshape(claimResponse, "profile-claiminquiryresponse");
            if (fullUrls.Add((string)answerEntries[0]["fullUrl"]!))
                entries.Add(new JsonObject { ["fullUrl"] = answerEntries[0]["fullUrl"]!.DeepClone(), ["resource"] = claimResponse });
            others.AddRange(answerEntries.Skip(1));
        }
        var unanswered = entries.Count == 0;
        if (unanswered)
            others.AddRange(Parties(inquiry));
        // ClaimResponses first, then what they reference; a party shared by several answers appears once.
        foreach (var entry in others.Where(e => (string?)e["fullUrl"] is { } url && fullUrls.Add(url)))
            entries.Add(entry.DeepClone());
        // The echoed parties bring what they reference (a PractitionerRole's Practitioner …), as an answer's do.
        if (unanswered)
            ReferencedEntries.AddClosure(inquiry, entries, [.. entries.OfType<JsonObject>().Select(e => ((JsonObject)e["resource"]!, (string?)e["fullUrl"]))], fullUrls);

        var bundle = new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["meta"] = Meta("profile-pas-inquiry-response-bundle"),
            ["type"] = "collection",
            ["timestamp"] = timestamp,
        };
        if (inquiry.Json["identifier"] is JsonObject identifier)
            bundle["identifier"] = identifier.DeepClone();
        bundle["entry"] = entries;
        ReshapeRequests(bundle);
        return bundle;
    }

    private static IEnumerable<JsonObject> Parties(Bundle inquiry)
    {
        var claimEntry = inquiry.Entries.First();
        foreach (var name in new[] { "patient", "insurer", "provider" })
        {
            if ((string?)claimEntry.Resource?[name]?["reference"] is not { } reference
                || inquiry.Resolve(reference, claimEntry.FullUrl) is not { } resource)
                continue;
            var entry = inquiry.Entries.First(e => ReferenceEquals(e.Resource, resource));
            if (entry.FullUrl is { } fullUrl)
                yield return new JsonObject { ["fullUrl"] = fullUrl, ["resource"] = resource.DeepClone() };
        }
    }

    // The requests for documents are entries (older stored answers may still hold them contained: Reshape).
    private static void ReshapeRequests(JsonObject bundle)
    {
        foreach (var entry in (bundle["entry"] as JsonArray ?? []).OfType<JsonObject>())
            if (entry["resource"] is JsonObject resource && (string?)resource["resourceType"] == "CommunicationRequest")
                CommunicationRequest(resource);
    }

    private static void Reshape(JsonObject claimResponse, string profile)
    {
        claimResponse["meta"] = Meta(profile);
        DropLater(claimResponse);
        foreach (var request in (claimResponse["contained"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(r => (string?)r["resourceType"] == "CommunicationRequest"))
            CommunicationRequest(request);
        var items = (claimResponse["item"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        foreach (var item in items)
            DropLater(item);
        if (claimResponse["addItem"] is not JsonArray addItems)
            return;
        foreach (var added in addItems.OfType<JsonObject>())
        {
            var sequence = (added["itemSequence"] as JsonArray)?.FirstOrDefault()?.GetValue<int>();
            var item = items.FirstOrDefault(i => i["itemSequence"]?.GetValue<int>() == sequence);
            if (item is not null)
                Authorize(item, added);
        }
        claimResponse.Remove("addItem");
    }

    // 2.0.1: "the details of what has been authorized for this item if different from what was requested".
    private static void Authorize(JsonObject item, JsonObject added)
    {
        var detail = new JsonArray();
        if (added["productOrService"] is JsonObject product)
            detail.Add(new JsonObject { ["url"] = "productOrServiceCode", ["valueCodeableConcept"] = product.DeepClone() });
        if (added["quantity"] is JsonObject quantity)
            detail.Add(new JsonObject { ["url"] = "quantity", ["valueQuantity"] = quantity.DeepClone() });
        var extensions = item["extension"] as JsonArray ?? [];
        if (detail.Count > 0)
            extensions.Add(new JsonObject { ["url"] = AuthorizedDetail, ["extension"] = detail });
        // The period granted for the modified service is the line's authorization period.
        var period = (added["extension"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(e => (string?)e["url"] == PasCodes.ItemPreAuthPeriod);
        if (period is not null
            && !extensions.OfType<JsonObject>().Any(e => (string?)e["url"] == PasCodes.ItemPreAuthPeriod))
            extensions.Add(period.DeepClone());
        item["extension"] = extensions;
    }

    // 2.0.1 links a request for documents to its line on the payload, where 2.2.1 has it on the request itself.
    private static void CommunicationRequest(JsonObject request)
    {
        request["meta"] = Meta("profile-communicationrequest");
        if (request["extension"] is not JsonArray extensions
            || extensions.OfType<JsonObject>().FirstOrDefault(e => (string?)e["url"] == PasCodes.ServiceLineNumber) is not { } line)
            return;
        extensions.Remove(line);
        if (extensions.Count == 0)
            request.Remove("extension");
        if ((request["payload"] as JsonArray)?.FirstOrDefault() is JsonObject payload)
        {
            var payloadExtensions = payload["extension"] as JsonArray ?? [];
            payloadExtensions.Add(line);
            payload["extension"] = payloadExtensions;
        }
    }

    private static void DropLater(JsonObject element)
    {
        if (element["extension"] is not JsonArray extensions)
            return;
        foreach (var later in extensions.OfType<JsonObject>().Where(e => Later.Contains((string?)e["url"] ?? "")).ToList())
            extensions.Remove(later);
        if (extensions.Count == 0)
            element.Remove("extension");
    }

    private static JsonObject Meta(string profile) =>
        new() { ["profile"] = new JsonArray(Profile + profile + "|" + Pas201Routes.Version) };
}
