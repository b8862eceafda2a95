using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Resources;

namespace FhirPriorAuth.Server.Pas;

/// <summary>
/// PAS: "additional Bundle entries must be present for all resources referenced by the ClaimResponse or descendent
/// references", echoed "with the same fullUrl and resource identifiers" as in the request. Starting from resources
/// already in an answer, this copies from the request every resource they reference, then what those reference
/// (a PractitionerRole's Practitioner, Organization and Location, a Patient's managing Organization …), each once.
/// The Claim itself is never echoed: PAS 2.2.1 lets ClaimResponse.request name it without the Bundle carrying it.
/// </summary>
internal static class ReferencedEntries
{
    /// <summary>Adds the closure to <paramref name="entries"/>; <paramref name="present"/> holds the fullUrls already there.</summary>
    public static void AddClosure(Bundle request, JsonArray entries, IEnumerable<(JsonObject Resource, string? FullUrl)> from, HashSet<string> present)
    {
        var queue = new Queue<(JsonObject Resource, string? FullUrl)>(from);
        while (queue.TryDequeue(out var current))
        {
            foreach (var reference in References(current.Resource))
            {
                if (request.Resolve(reference, current.FullUrl) is not { } resource || (string?)resource["resourceType"] == "Claim")
                    continue;
                var entry = request.Entries.FirstOrDefault(e => ReferenceEquals(e.Resource, resource));
                if (entry?.FullUrl is not { } fullUrl || !present.Add(fullUrl))
                    continue;
                var copy = resource.DeepClone().AsObject();
                entries.Add(new JsonObject { ["fullUrl"] = fullUrl, ["resource"] = copy });
                queue.Enqueue((copy, fullUrl));
            }
        }
    }

    /// <summary>Every literal reference in a resource, outside its contained resources and '#' references to them.</summary>
    public static IEnumerable<string> References(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    if (name == "contained")
                        continue;
                    if (name == "reference" && value is JsonValue text && text.TryGetValue<string>(out var reference))
                    {
                        if (reference.Length > 0 && !reference.StartsWith('#'))
                            yield return reference;
                        continue;
                    }
                    foreach (var found in References(value))
                        yield return found;
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                    foreach (var found in References(item))
                        yield return found;
                break;
        }
    }
}
