using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace FhirPriorAuth.Server.Tests.Crd.EndToEnd;

/// <summary>
/// What the EHR's FHIR server holds for one patient: every resource of a scenario, answering reads (<c>Type/id</c>) and
/// searches (<c>Type?…</c>: every resource of the type, narrowed by <c>_id</c>; with <c>_include</c>, also the
/// resources they reference). The same answers fill a full prefetch, so with or without prefetch the server sees the same data.
/// </summary>
internal sealed class EhrRecord(IReadOnlyList<JsonObject> resources)
{
    public IReadOnlyList<JsonObject> Resources { get; } = resources;

    public JsonObject? Answer(string query)
    {
        var question = query.IndexOf('?');
        if (question < 0)
            return query.Split('/') is [var type, var id] ? Find(type, id)?.DeepClone().AsObject() : null;

        var searched = query[..question];
        var parameters = QueryHelpers.ParseQuery(query[question..]);
        var ids = parameters.TryGetValue("_id", out var idValues) ? idValues.SelectMany(v => v!.Split(',')).ToHashSet() : null;
        var matches = Resources.Where(r => Type(r) == searched && (ids is null || ids.Contains(Id(r) ?? ""))).ToList();
        if (parameters.Keys.Any(k => k.StartsWith("_include", StringComparison.Ordinal)))
            // Twice: _include:iterate reaches what the included resources reference (PractitionerRole -> Practitioner).
            for (var round = 0; round < 2; round++)
                foreach (var referenced in matches.SelectMany(References).Distinct().ToList())
                    if (Find(referenced) is { } found && !matches.Contains(found))
                        matches.Add(found);
        return new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["type"] = "searchset",
            ["total"] = matches.Count(r => Type(r) == searched),
            ["entry"] = new JsonArray([.. matches.Select(r => (JsonNode)new JsonObject { ["resource"] = r.DeepClone() })]),
        };
    }

    public JsonObject? Find(string type, string id) => Resources.FirstOrDefault(r => Type(r) == type && Id(r) == id);

    private JsonObject? Find(string reference) => reference.Split('/') is [var type, var id] ? Find(type, id) : null;

    private static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "reference" && p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? [s] : References(p.Value)),
        JsonArray a => a.SelectMany(References),
        _ => [],
    };

    private static string? Type(JsonObject r) => (string?)r["resourceType"];

    private static string? Id(JsonObject r) => (string?)r["id"];
}
