using System.Text.Json.Nodes;

namespace FhirPriorAuth.Server.Dtr;

/// <summary>
/// Expansions of the payer's ValueSets. A published expansion is served as is; a ValueSet that only enumerates
/// concepts (or includes whole project CodeSystems) is expanded here. Anything needing a terminology server
/// (filters, external code systems) has no expansion, and the caller says so.
/// </summary>
internal sealed class ValueSetExpansions(IConformanceResources resources, TimeProvider clock)
{
    /// <summary>The ValueSet with its <c>expansion</c>, or null when it cannot be expanded without a terminology server.</summary>
    public JsonObject? Expand(ConformanceResource valueSet)
    {
        var expanded = (JsonObject)valueSet.Json.DeepClone();
        if (expanded["expansion"] is JsonObject)
            return expanded;
        var contains = new JsonArray();
        foreach (var include in expanded.Obj("compose").Objects("include"))
        {
            if (include["filter"] is not null || include["valueSet"] is not null)
                return null;
            var system = include.Str("system");
            var version = include.Str("version");
            var concepts = include["concept"] is JsonArray listed
                ? listed.OfType<JsonObject>().Select(c => (c.Str("code"), c.Str("display")))
                : AllOf(system);
            if (concepts is null)
                return null;
            foreach (var (code, display) in concepts)
                contains.Add(Contains(system, version, code, display));
        }
        if (expanded.Obj("compose").Objects("exclude").Any())
            return null;
        expanded["expansion"] = new JsonObject
        {
            ["identifier"] = "urn:uuid:" + Guid.NewGuid(),
            ["timestamp"] = clock.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture),
            ["total"] = contains.Count,
            ["contains"] = contains,
        };
        return expanded;
    }

    /// <summary>The expansion narrowed by <c>filter</c> (text in code or display) and paged by <c>offset</c>/<c>count</c>.</summary>
    public static JsonObject Page(JsonObject expanded, string? filter, int offset, int? count)
    {
        var expansion = (JsonObject)expanded["expansion"]!;
        var all = expansion.Objects("contains").ToList();
        var matching = filter is null
            ? all
            : all.Where(c => (c.Str("display") ?? "").Contains(filter, StringComparison.OrdinalIgnoreCase)
                || (c.Str("code") ?? "").Contains(filter, StringComparison.OrdinalIgnoreCase)).ToList();
        var page = matching.Skip(offset).Take(count ?? int.MaxValue).Select(c => (JsonNode)c.DeepClone()).ToArray();
        expansion["total"] = matching.Count;
        if (offset > 0)
            expansion["offset"] = offset;
        expansion["contains"] = new JsonArray(page);
        if (page.Length == 0)
            expansion.Remove("contains");
        return expanded;
    }

    private IEnumerable<(string?, string?)>? AllOf(string? system)
    {
        var codeSystem = system is null ? null : resources.ByCanonical(system, "CodeSystem");
        if (codeSystem is null || codeSystem.Json.Str("content") is not ("complete" or null))
            return null;
        return Flatten(codeSystem.Json).ToList();
    }

    private static IEnumerable<(string?, string?)> Flatten(JsonObject parent) =>
        parent.Objects("concept").SelectMany(c => Flatten(c).Prepend((c.Str("code"), c.Str("display"))));

    private static JsonObject Contains(string? system, string? version, string? code, string? display)
    {
        var entry = new JsonObject { ["system"] = system };
        if (version is not null)
            entry["version"] = version;
        entry["code"] = code;
        if (display is not null)
            entry["display"] = display;
        return entry;
    }
}
