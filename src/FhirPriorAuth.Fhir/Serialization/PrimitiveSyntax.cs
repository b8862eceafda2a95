using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FhirPriorAuth.Fhir.Serialization;

/// <summary>
/// JSON shape and lexical checks for FHIR R4 primitives, using the regexes from the R4 StructureDefinitions
/// (anchored). Hand checks replace regexes where a regex would be slow on large values (base64Binary, uri).
/// </summary>
internal static partial class PrimitiveSyntax
{
    public enum Problem { None, WrongKind, Empty, Invalid }

    private const string Year = "([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)";
    private const string Zone = "(Z|(\\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))";
    private const string Clock = "([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?";

    [GeneratedRegex("^" + Year + "(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1]))?)?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex DateRegex();

    [GeneratedRegex("^" + Year + "(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])(T" + Clock + Zone + ")?)?)?\\z", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimeRegex();

    [GeneratedRegex("^" + Year + "-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])T" + Clock + Zone + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex InstantRegex();

    [GeneratedRegex("^" + Clock + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex TimeRegex();

    [GeneratedRegex("^[A-Za-z0-9\\-\\.]{1,64}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdRegex();

    [GeneratedRegex("^[^\\s]+(\\s[^\\s]+)*\\z", RegexOptions.CultureInvariant)]
    private static partial Regex CodeRegex();

    [GeneratedRegex("^urn:oid:[0-2](\\.(0|[1-9][0-9]*))+\\z", RegexOptions.CultureInvariant)]
    private static partial Regex OidRegex();

    [GeneratedRegex("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex UuidRegex();

    /// <summary>Checks one primitive JSON value against its FHIR type.</summary>
    public static Problem Check(string type, JsonNode node)
    {
        if (node is not JsonValue value) return Problem.WrongKind;
        var kind = value.GetValueKind();
        switch (type)
        {
            case "boolean":
                return kind is JsonValueKind.True or JsonValueKind.False ? Problem.None : Problem.WrongKind;
            case "decimal":
                // JSON's number grammar is exactly FHIR's decimal regex.
                return kind == JsonValueKind.Number ? Problem.None : Problem.WrongKind;
            case "integer" or "positiveInt" or "unsignedInt":
                if (kind != JsonValueKind.Number) return Problem.WrongKind;
                // TryGetValue<int> rejects fractions, exponents and values outside 32 bits, as the R4 regexes do.
                if (!value.TryGetValue<int>(out var i)) return Problem.Invalid;
                return type == "positiveInt" && i < 1 || type == "unsignedInt" && i < 0 ? Problem.Invalid : Problem.None;
        }
        if (kind != JsonValueKind.String || !value.TryGetValue<string>(out var s)) return Problem.WrongKind;
        if (s.Length == 0) return Problem.Empty;
        var ok = type switch
        {
            "date" => DateRegex().IsMatch(s),
            "dateTime" => DateTimeRegex().IsMatch(s),
            "instant" => InstantRegex().IsMatch(s),
            "time" => TimeRegex().IsMatch(s),
            "id" => IdRegex().IsMatch(s),
            "code" => CodeRegex().IsMatch(s),
            "oid" => OidRegex().IsMatch(s),
            "uuid" => UuidRegex().IsMatch(s),
            "uri" or "url" or "canonical" => !s.Any(char.IsWhiteSpace),
            "base64Binary" => IsBase64(s),
            _ => true, // string, markdown, xhtml: any non-empty text
        };
        return ok ? Problem.None : Problem.Invalid;
    }

    // R4: (\s*([0-9a-zA-Z\+/=]){4}\s*)+ : base64 characters in groups of four, whitespace allowed between.
    private static bool IsBase64(string s)
    {
        var count = 0;
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c)) continue;
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=')) return false;
            count++;
        }
        return count > 0 && count % 4 == 0;
    }
}
