using System.Text.Json.Nodes;

namespace FhirPriorAuth.Policies.Evidence.Extraction;

/// <summary>
/// Reads a fact's value from the <c>value[x]</c> of an Observation or a QuestionnaireResponse answer (same element
/// names), per the fact's kind and unit. One reader for both, so the chart and a DTR answer can never disagree on
/// what "15" means.
/// </summary>
internal static class FactValues
{
    private static readonly HashSet<string> AgentFacts = ["priorTherapy", "currentTherapy", "failedTherapy", "therapyContraindicated",
        "therapyHistory", "therapyStoppedOtherReason", "therapyStopReasonUndocumented"];

    // Units the catalog states for information only; any unit a source gives is accepted.
    private static readonly HashSet<string> CountUnits = ["/10HPF"];

    /// <summary>The value and the element it came from (<c>valueQuantity</c>), or null when none is usable.</summary>
    public static (object Value, string Element)? Read(FactDefinition definition, JsonObject holder)
    {
        foreach (var (element, node) in holder.Where(p => p.Key.StartsWith("value", StringComparison.Ordinal)))
            if (node is not null && Read(definition, element, node) is { } value)
                return (value, element);
        return null;
    }

    private static object? Read(FactDefinition definition, string element, JsonNode node) => definition.Kind switch
    {
        FactKind.Boolean => Boolean(element, node),
        FactKind.Integer => Whole(definition, Number(definition, element, node)),
        FactKind.Decimal => Number(definition, element, node),
        FactKind.Date => element is "valueDate" or "valueDateTime" ? FhirJson.Day(Text(node)) : null,
        FactKind.Code => Code(definition, element, node),
        _ => null,
    };

    private static bool? Boolean(string element, JsonNode node) => element switch
    {
        "valueBoolean" => node is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null,
        "valueCoding" or "valueCodeableConcept" => FhirJson.Codings(node as JsonObject)
            .Select(c => Codes.YesNo(c.System, c.Code)).FirstOrDefault(b => b is not null),
        "valueString" => Text(node)?.Trim().ToLowerInvariant() switch { "yes" or "true" => true, "no" or "false" => false, _ => null },
        _ => null,
    };

    private static int? Whole(FactDefinition definition, decimal? n) =>
        n is not { } v || Math.Abs(v) > int.MaxValue ? null
        : v == decimal.Truncate(v) ? (int)v
        : definition.Unit is not null ? (int)decimal.Floor(v) : null;

    // Integers with a unit (weeks of delay) are whole units, rounded down: 20 days is 2 weeks of delay.
    private static decimal? Number(FactDefinition definition, string element, JsonNode node) => element switch
    {
        "valueInteger" or "valueDecimal" => FhirJson.Dec(node),
        "valueQuantity" when node is JsonObject q => definition.Unit is null || CountUnits.Contains(definition.Unit)
            ? q.Dec("value") : Units.Convert(q, definition.Unit, definition.Codings?.FirstOrDefault(c => c.System == FactCatalog.Loinc)?.Code),
        _ => null,
    };

    private static string? Code(FactDefinition definition, string element, JsonNode node)
    {
        var candidates = element switch
        {
            "valueCoding" or "valueCodeableConcept" when node is JsonObject c =>
                FhirJson.Codings(c).Select(x => Code(definition, x.System, x.Code))
                    .Append(AgentFacts.Contains(definition.Name) ? TherapyAgents.Identify(c) : null),
            "valueString" => [Code(definition, null, Text(node))],
            _ => [],
        };
        return candidates.FirstOrDefault(c => c is not null);
    }

    private static string? Code(FactDefinition definition, string? system, string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return null;
        if (Codes.ResultCode(system, code) is { } mapped && definition.AllowedCodes?.Contains(mapped) == true) return mapped;
        if (AgentFacts.Contains(definition.Name)) return TherapyAgents.FromName(code);
        if (definition.Name == "diagnosis") return Codes.NormalizeIcd10(code);
        var trimmed = code.Trim();
        if (definition.AllowedCodes is null) return trimmed;
        return definition.AllowedCodes.FirstOrDefault(a => string.Equals(a, trimmed, StringComparison.OrdinalIgnoreCase));
    }

    private static string? Text(JsonNode node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
