using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FhirPriorAuth.Policies.Evidence.Extraction;

/// <summary>Forgiving readers over FHIR JSON: anything of the wrong shape reads as absent, never throws.</summary>
internal static class FhirJson
{
    public static string? Str(this JsonObject? o, string name) =>
        o is not null && o.TryGetPropertyValue(name, out var v) && v is JsonValue jv
            && jv.GetValueKind() == JsonValueKind.String ? jv.GetValue<string>() : null;

    public static JsonObject? Obj(this JsonObject? o, string name) =>
        o is not null && o.TryGetPropertyValue(name, out var v) ? v as JsonObject : null;

    /// <summary>The objects of a repeating element (a lone object counts as one).</summary>
    public static IEnumerable<JsonObject> Objs(this JsonObject? o, string name) =>
        o is null || !o.TryGetPropertyValue(name, out var v) ? []
        : v switch { JsonArray a => a.OfType<JsonObject>(), JsonObject single => [single], _ => [] };

    public static bool? Bool(this JsonObject? o, string name) =>
        o is not null && o.TryGetPropertyValue(name, out var v) && v is JsonValue jv
            && jv.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? jv.GetValue<bool>() : null;

    public static decimal? Dec(this JsonObject? o, string name) =>
        o is not null && o.TryGetPropertyValue(name, out var v) ? Dec(v) : null;

    public static decimal? Dec(JsonNode? node)
    {
        if (node is not JsonValue jv) return null;
        return jv.GetValueKind() switch
        {
            JsonValueKind.Number => jv.TryGetValue<decimal>(out var d) ? d
                : decimal.TryParse(jv.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out d) ? d : null,
            JsonValueKind.String => decimal.TryParse(jv.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : null,
            _ => null,
        };
    }

    /// <summary>The reference string of a Reference element.</summary>
    public static string? Ref(this JsonObject? o, string name) => o.Obj(name).Str("reference");

    /// <summary>The codings of a CodeableConcept (or of a lone Coding).</summary>
    public static IEnumerable<(string? System, string? Code)> Codings(JsonObject? concept) =>
        concept is null ? []
        : concept.ContainsKey("coding") ? concept.Objs("coding").Select(c => (c.Str("system"), c.Str("code")))
        : concept.Str("code") is { } code ? [(concept.Str("system"), code)] : [];

    public static string? CodeIn(JsonObject? concept, string system) =>
        Codings(concept).FirstOrDefault(c => c.System == system && c.Code is not null).Code;

    public static bool Has(JsonObject? concept, string system, string code) =>
        Codings(concept).Any(c => c.System == system && c.Code == code);

    /// <summary>The words of a concept: its text and codings' displays, lower case.</summary>
    public static string Words(JsonObject? concept) =>
        string.Join(" ", new[] { concept.Str("text"), concept.Str("display") }
            .Concat(concept.Objs("coding").Select(c => c.Str("display")))
            .Where(s => !string.IsNullOrWhiteSpace(s))).ToLowerInvariant();

    /// <summary>The calendar day of a FHIR date, dateTime or instant (in its own offset); null when less precise.</summary>
    public static DateOnly? Day(string? text) =>
        text is { Length: >= 10 } && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture,
            DateTimeStyles.None, out var d) ? d : null;

    /// <summary>A dateTime as an instant; a bare date is midnight UTC.</summary>
    public static DateTimeOffset? Instant(string? text)
    {
        if (text is null) return null;
        if (text.Length == 10) return Day(text) is { } d ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
    }

    /// <summary>The clinically relevant date of an Observation/event: effective[x] (period start), else issued.</summary>
    public static DateOnly? EffectiveDay(JsonObject resource) =>
        Day(resource.Str("effectiveDateTime")) ?? Day(resource.Obj("effectivePeriod").Str("start"))
        ?? Day(resource.Str("effectiveInstant")) ?? Day(resource.Str("occurrenceDateTime")) ?? Day(resource.Str("issued"));

    /// <summary>The day of a Date fact value.</summary>
    public static DateOnly? DayOf(object? value) => value switch
    {
        DateOnly d => d,
        FhirPriorAuth.Fhir.FhirPath.Values.PartialDateTime { Precision: >= FhirPriorAuth.Fhir.FhirPath.Values.DateTimePrecision.Day } p =>
            new DateOnly(p.Year, p.Month, p.Day),
        _ => null,
    };
}
