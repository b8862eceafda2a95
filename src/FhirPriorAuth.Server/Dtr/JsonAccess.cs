using System.Text.Json;
using System.Text.Json.Nodes;

namespace FhirPriorAuth.Server.Dtr;

/// <summary>Tolerant reads of FHIR JSON: a missing or mistyped element reads as absent.</summary>
internal static class JsonAccess
{
    public static string? Str(this JsonNode? node, string name) =>
        node is JsonObject o && o[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static IEnumerable<JsonObject> Objects(this JsonNode? node, string name) =>
        node is JsonObject o && o[name] is JsonArray a ? a.OfType<JsonObject>() : [];

    public static JsonObject? Obj(this JsonNode? node, string name) => node is JsonObject o ? o[name] as JsonObject : null;

    /// <summary>Every coding of a CodeableConcept.</summary>
    public static IEnumerable<(string? System, string? Code, string? Display)> Codings(this JsonObject? concept) =>
        concept.Objects("coding").Select(c => (c.Str("system"), c.Str("code"), c.Str("display")));
}
