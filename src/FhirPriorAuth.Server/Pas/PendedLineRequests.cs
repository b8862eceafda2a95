using System.Text.Json.Nodes;

namespace FhirPriorAuth.Server.Pas;

/// <summary>
/// The requests for documents a ClaimResponse carries (contained PASCommunicationRequests, one per pended line, linked
/// by serviceLineNumber) follow the lines: a line still pended keeps its request, and with it the attachment control
/// number the provider may already be using as the DTR context; a line no longer pended has none.
/// </summary>
internal static class PendedLineRequests
{
    /// <summary>Brings the earlier answer's requests for <paramref name="lines"/> into a new answer that lacks them.</summary>
    public static void Carry(JsonObject response, JsonObject prior, IEnumerable<int> lines)
    {
        var wanted = lines.ToHashSet();
        var present = Requests(response).Select(Line).ToHashSet();
        foreach (var earlier in Requests(prior).Where(r => Line(r) is { } line && wanted.Contains(line) && !present.Contains(line)))
        {
            var contained = response["contained"] as JsonArray ?? [];
            var references = response["communicationRequest"] as JsonArray ?? [];
            contained.Add(earlier.DeepClone());
            references.Add(new JsonObject { ["reference"] = "#" + (string?)earlier["id"] });
            response["contained"] = contained;
            response["communicationRequest"] = references;
        }
    }

    /// <summary>Removes the requests of lines that are no longer pended (A4), and the arrays left empty.</summary>
    public static void KeepOnlyPended(JsonObject response)
    {
        var pended = (response["item"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(i => Review.ReviewActions.Code(i) == ActionCode.Pended.Code).Select(i => (int?)i["itemSequence"]!.GetValue<int>()).ToHashSet();
        foreach (var request in Requests(response).Where(r => !pended.Contains(Line(r))).ToList())
        {
            ((JsonArray)response["contained"]!).Remove(request);
            var references = (JsonArray)response["communicationRequest"]!;
            foreach (var reference in references.OfType<JsonObject>().Where(r => (string?)r["reference"] == "#" + (string?)request["id"]).ToList())
                references.Remove(reference);
        }
        // FHIR JSON has no empty arrays.
        foreach (var name in new[] { "contained", "communicationRequest" })
            if (response[name] is JsonArray { Count: 0 })
                response.Remove(name);
    }

    private static IEnumerable<JsonObject> Requests(JsonObject response) =>
        (response["contained"] as JsonArray ?? []).OfType<JsonObject>().Where(r => (string?)r["resourceType"] == "CommunicationRequest");

    private static int? Line(JsonObject request) =>
        (request["extension"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(e => (string?)e["url"] == PasCodes.ServiceLineNumber)?["valuePositiveInt"]?.GetValue<int>();
}
