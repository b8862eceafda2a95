using System.Text.Json.Nodes;

namespace FhirPriorAuth.Server.Pas;

/// <summary>
/// The requests for documents an answer carries: PASCommunicationRequests, one per pended line (linked by
/// serviceLineNumber), each a Bundle entry the ClaimResponse references by fullUrl. They follow the lines: a line still
/// pended keeps its request, and with it the attachment control number the provider may already be using as the DTR
/// context; a line no longer pended has none. Answers stored before the requests became entries hold them contained
/// in the ClaimResponse; those are read too and moved to entries when an answer is rewritten.
/// </summary>
internal static class PendedLineRequests
{
    /// <summary>Adds a request as an entry after the ClaimResponse's own entries and references it from the ClaimResponse.</summary>
    public static void Add(JsonObject bundle, JsonObject request)
    {
        var fullUrl = "urn:uuid:" + (string?)request["id"];
        ((JsonArray)bundle["entry"]!).Add(new JsonObject { ["fullUrl"] = fullUrl, ["resource"] = request });
        var response = ClaimResponse(bundle);
        var references = response["communicationRequest"] as JsonArray ?? [];
        references.Add(new JsonObject { ["reference"] = fullUrl });
        response["communicationRequest"] = references;
    }

    /// <summary>Brings the earlier answer's requests for <paramref name="lines"/> into a new answer that lacks them.</summary>
    public static void Carry(JsonObject bundle, JsonObject priorBundle, IEnumerable<int> lines)
    {
        var wanted = lines.ToHashSet();
        var present = Requests(bundle).Select(r => Line(r.Resource)).ToHashSet();
        foreach (var (earlier, _) in Requests(priorBundle).Where(r => Line(r.Resource) is { } line && wanted.Contains(line) && !present.Contains(line)))
        {
            var copy = earlier.DeepClone().AsObject();
            // A formerly contained request ("additional-documentation-1") gets an id an entry's urn:uuid can carry.
            if (!Guid.TryParse((string?)copy["id"], out _))
                copy["id"] = Guid.NewGuid().ToString();
            Add(bundle, copy);
        }
    }

    /// <summary>
    /// Removes the requests of lines that are no longer pended (A4), and the arrays left empty; moves contained ones
    /// (answers stored before requests were entries) that stay to entries.
    /// </summary>
    public static void KeepOnlyPended(JsonObject bundle)
    {
        var response = ClaimResponse(bundle);
        var pended = (response["item"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(i => Review.ReviewActions.Code(i) == ActionCode.Pended.Code).Select(i => (int?)i["itemSequence"]!.GetValue<int>()).ToHashSet();
        foreach (var (request, entry) in Requests(bundle).ToList())
        {
            var reference = entry is null ? "#" + (string?)request["id"] : (string?)entry["fullUrl"];
            var keep = pended.Contains(Line(request));
            if (keep && entry is not null)
                continue;
            Unreference(response, reference);
            if (entry is not null)
                ((JsonArray)bundle["entry"]!).Remove(entry);
            else
                ((JsonArray)response["contained"]!).Remove(request);
            if (keep)
            {
                var moved = request.DeepClone().AsObject();
                moved["id"] = Guid.NewGuid().ToString();
                Add(bundle, moved);
            }
        }
        // FHIR JSON has no empty arrays.
        foreach (var name in new[] { "contained", "communicationRequest" })
            if (response[name] is JsonArray { Count: 0 })
                response.Remove(name);
    }

    /// <summary>The answer's requests for documents: entries (with their entry) and, in older answers, contained ones (entry null).</summary>
    public static IEnumerable<(JsonObject Resource, JsonObject? Entry)> Requests(JsonObject bundle)
    {
        foreach (var entry in (bundle["entry"] as JsonArray ?? []).OfType<JsonObject>())
            if (entry["resource"] is JsonObject resource && (string?)resource["resourceType"] == "CommunicationRequest")
                yield return (resource, entry);
        foreach (var contained in (ClaimResponse(bundle)["contained"] as JsonArray ?? []).OfType<JsonObject>())
            if ((string?)contained["resourceType"] == "CommunicationRequest")
                yield return (contained, null);
    }

    private static JsonObject ClaimResponse(JsonObject bundle) => bundle["entry"]![0]!["resource"]!.AsObject();

    private static void Unreference(JsonObject response, string? reference)
    {
        if (response["communicationRequest"] is not JsonArray references)
            return;
        foreach (var found in references.OfType<JsonObject>().Where(r => (string?)r["reference"] == reference).ToList())
            references.Remove(found);
    }

    private static int? Line(JsonObject request) =>
        (request["extension"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(e => (string?)e["url"] == PasCodes.ServiceLineNumber)?["valuePositiveInt"]?.GetValue<int>();
}
