using System.Text.Json.Nodes;

namespace FhirPriorAuth.Policies.Artifacts;

/// <summary>Small readers over parsed FHIR JSON; missing or mistyped elements read as null/empty.</summary>
internal static class Json
{
    public static string? Str(this JsonObject? o, string name) =>
        o is not null && o.TryGetPropertyValue(name, out var v) && v is JsonValue jv && jv.TryGetValue<string>(out var s) ? s : null;

    public static bool? Bool(this JsonObject? o, string name) =>
        o is not null && o.TryGetPropertyValue(name, out var v) && v is JsonValue jv && jv.TryGetValue<bool>(out var b) ? b : null;

    public static decimal? Dec(this JsonObject? o, string name) =>
        o is not null && o.TryGetPropertyValue(name, out var v) && v is JsonValue jv && jv.TryGetValue<decimal>(out var d) ? d : null;

    public static JsonObject? Obj(this JsonObject? o, string name) =>
        o is not null && o.TryGetPropertyValue(name, out var v) ? v as JsonObject : null;

    public static IReadOnlyList<JsonObject> Objs(this JsonObject? o, string name) =>
        o is not null && o.TryGetPropertyValue(name, out var v) && v is JsonArray a ? a.OfType<JsonObject>().ToList() : [];

    /// <summary>The extensions of <paramref name="o"/> with a given url.</summary>
    public static IEnumerable<JsonObject> Extensions(this JsonObject? o, string url) =>
        o.Objs("extension").Where(e => e.Str("url") == url);

    public static JsonObject? Extension(this JsonObject? o, string url) => o.Extensions(url).FirstOrDefault();
}
