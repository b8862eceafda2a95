using System.Net;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Tests.Infrastructure;

namespace FhirPriorAuth.Server.Tests.Conformance.Kits;

/// <summary>What the Da Vinci test kits check of every answer Bundle, and the calls they make.</summary>
internal static class KitAssert
{
    /// <summary>
    /// PAS: "additional Bundle entries must be present for all resources referenced by the ClaimResponse or descendent
    /// references" (the kits resolve every reference against the entries). Only ClaimResponse.request may name a Claim
    /// outside the Bundle (PAS 2.2.1 FHIR-49634). A Bundle held as an entry (a notification's focus) is checked on its own.
    /// </summary>
    public static void NoDanglingReference(JsonObject bundle)
    {
        var entries = (bundle["entry"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        foreach (var entry in entries)
        {
            var resource = (JsonObject)entry["resource"]!;
            if ((string?)resource["resourceType"] == "Bundle")
            {
                NoDanglingReference(resource);
                continue;
            }
            foreach (var (path, reference) in References(resource, (string)resource["resourceType"]!))
            {
                if (path == "ClaimResponse.request")
                    continue;
                Assert.True(Resolves(entries, reference, (string?)entry["fullUrl"]),
                    $"{path} = '{reference}' names no entry of the {(string?)bundle["meta"]?["profile"]?[0] ?? "Bundle"}");
            }
        }
    }

    private static bool Resolves(List<JsonObject> entries, string reference, string? fromFullUrl)
    {
        // Relative Type/id resolves against the base of the referring entry's RESTful fullUrl.
        var absolute = reference;
        if (!reference.Contains(':', StringComparison.Ordinal) && fromFullUrl is not null && fromFullUrl.StartsWith("http", StringComparison.Ordinal))
        {
            var parts = fromFullUrl.Split('/');
            if (parts.Length > 2)
                absolute = string.Join('/', parts[..^2]) + "/" + reference;
        }
        return entries.Any(e => (string?)e["fullUrl"] == reference || (string?)e["fullUrl"] == absolute
            || $"{(string?)e["resource"]?["resourceType"]}/{(string?)e["resource"]?["id"]}" == reference);
    }

    private static IEnumerable<(string Path, string Reference)> References(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    if (name == "contained")
                        continue;
                    if (name == "reference" && value is JsonValue text && (string?)text is { Length: > 0 } reference && !reference.StartsWith('#'))
                        yield return (path, reference);
                    else
                        foreach (var found in References(value, path + "." + name))
                            yield return found;
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                    foreach (var found in References(item, path))
                        yield return found;
                break;
        }
    }

    /// <summary>$inquire on the 2.2.1 base: the Inquiry Response Bundles of the answer's Parameters.</summary>
    public static async Task<IReadOnlyList<JsonObject>> InquireAsync(HttpClient client, JsonObject inquiry)
    {
        var response = await client.SendAsync(FhirRequests.Post("/fhir/Claim/$inquire", inquiry.ToJsonString()), TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var parameters = JsonNode.Parse(text)!.AsObject();
        Assert.Equal("Parameters", (string?)parameters["resourceType"]);
        return [.. (parameters["parameter"] as JsonArray ?? []).Select(p => p!["resource"]!.AsObject())];
    }
}
