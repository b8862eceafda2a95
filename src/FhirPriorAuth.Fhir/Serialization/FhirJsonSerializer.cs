using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FhirPriorAuth.Fhir.Serialization;

/// <summary>
/// Writes resource JSON back out. The tree is the parsed JSON itself, so key order and number text
/// (<c>1.0</c>, <c>1E2</c>, 17-digit decimals) come out exactly as they came in.
/// </summary>
public static class FhirJsonSerializer
{
    // Relaxed escaping keeps narrative XHTML and non-ASCII text readable ("<div>" rather than "\u003Cdiv\u003E");
    // the output is served as application/fhir+json, never embedded in HTML.
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions Pretty = new(Compact) { WriteIndented = true };

    public static string Serialize(JsonObject resource, bool pretty = false)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return resource.ToJsonString(pretty ? Pretty : Compact);
    }

    public static byte[] SerializeToUtf8Bytes(JsonObject resource, bool pretty = false)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return JsonSerializer.SerializeToUtf8Bytes(resource, pretty ? Pretty : Compact);
    }

    public static void WriteTo(JsonObject resource, Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(resource);
        resource.WriteTo(writer);
    }
}
