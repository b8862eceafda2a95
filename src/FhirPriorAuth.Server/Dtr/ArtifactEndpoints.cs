using System.Globalization;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.FhirApi;

namespace FhirPriorAuth.Server.Dtr;

/// <summary>
/// Read and search for the published Questionnaires, Libraries and ValueSets, and <c>ValueSet/$expand</c>
/// from the expansions the server holds.
/// </summary>
internal static class ArtifactEndpoints
{
    public static readonly string[] ServedTypes = ["Questionnaire", "Library", "ValueSet"];

    /// <summary>Search parameters supported on each served type.</summary>
    public static readonly string[] SearchParameters = ["url", "version", "name", "status", "_id"];

    public static IResult Read(string type, string id, IConformanceResources resources) =>
        FhirResults.Resource((JsonObject)(resources.ById(type, id) ?? throw NotFound(type)).Json.DeepClone());

    public static IResult Search(string type, HttpRequest http, IConformanceResources resources)
    {
        var query = http.Query;
        IEnumerable<ConformanceResource> matches = resources.OfType(type);
        foreach (var name in SearchParameters)
        {
            if (query[name].ToString() is { Length: > 0 } wanted)
                matches = matches.Where(r => Matches(r, name, wanted));
        }
        var list = matches.ToList();
        var fullUrlBase = $"{http.Scheme}://{http.Host}{http.PathBase}{FhirRoutes.Base}";
        var bundle = new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["type"] = "searchset",
            ["total"] = list.Count,
            ["entry"] = new JsonArray([.. list.Select(r => (JsonNode)new JsonObject
            {
                ["fullUrl"] = $"{fullUrlBase}/{type}/{r.Id}",
                ["resource"] = r.Json.DeepClone(),
                ["search"] = new JsonObject { ["mode"] = "match" },
            })]),
        };
        return FhirResults.Resource(bundle);
    }

    /// <summary><c>GET ValueSet/$expand?url=…</c>; a POST carries the same inputs as a Parameters body.</summary>
    public static async Task<IResult> ExpandAsync(string? id, HttpRequest http, FhirRequestReader reader,
        IConformanceResources resources, ValueSetExpansions expansions, CancellationToken ct)
    {
        var inputs = HttpMethods.IsPost(http.Method)
            ? ExpandInputs.FromParameters(await reader.ReadValidResourceAsync(http, ct))
            : ExpandInputs.FromQuery(http.Query);
        ConformanceResource valueSet;
        if (id is not null)
        {
            valueSet = resources.ById("ValueSet", id) ?? throw NotFound("ValueSet");
        }
        else
        {
            var canonical = inputs.Url ?? throw new FhirRequestException(StatusCodes.Status400BadRequest,
                OutcomeIssue.Error(IssueTypes.Required, "$expand needs the ValueSet's 'url' (or use ValueSet/{id}/$expand)"));
            valueSet = resources.ByCanonical(inputs.Version is null ? canonical : $"{canonical}|{inputs.Version}", "ValueSet")
                ?? throw NotFound("ValueSet");
        }
        var expanded = expansions.Expand(valueSet) ?? throw new FhirRequestException(StatusCodes.Status422UnprocessableEntity,
            OutcomeIssue.Error(IssueTypes.NotSupported, "This ValueSet cannot be expanded here: it needs a terminology server"));
        return FhirResults.Resource(ValueSetExpansions.Page(expanded, inputs.Filter, inputs.Offset, inputs.Count));
    }

    private static bool Matches(ConformanceResource resource, string name, string wanted) => name switch
    {
        // FHIR: url and version match exactly; name matches case-insensitively from the start; status is a token.
        "url" => resource.Url == wanted,
        "version" => resource.Version == wanted,
        "name" => resource.Name?.StartsWith(wanted, StringComparison.OrdinalIgnoreCase) == true,
        "status" => wanted.Split(',').Contains(resource.Status),
        "_id" => wanted.Split(',').Contains(resource.Id),
        _ => true,
    };

    private static FhirRequestException NotFound(string type) =>
        new(StatusCodes.Status404NotFound, OutcomeIssue.Error(IssueTypes.NotFound, $"No {type} with that id or canonical is published here"));

    private sealed record ExpandInputs(string? Url, string? Version, string? Filter, int Offset, int? Count)
    {
        public static ExpandInputs FromQuery(IQueryCollection query) =>
            Create(Get(query, "url"), Get(query, "valueSetVersion"), Get(query, "filter"), Get(query, "offset"), Get(query, "count"));

        public static ExpandInputs FromParameters(JsonObject parameters)
        {
            string? Value(string name) => parameters.Objects("parameter").Where(p => p.Str("name") == name)
                .Select(p => p.Str("valueUri") ?? p.Str("valueCanonical") ?? p.Str("valueUrl") ?? p.Str("valueString")
                    ?? (p["valueInteger"] is JsonValue i ? i.ToString() : null)).FirstOrDefault();
            return Create(Value("url"), Value("valueSetVersion"), Value("filter"), Value("offset"), Value("count"));
        }

        private static string? Get(IQueryCollection query, string name) => query[name].ToString() is { Length: > 0 } v ? v : null;

        private static ExpandInputs Create(string? url, string? version, string? filter, string? offset, string? count) =>
            new(url, version, filter, Number(offset, "offset") ?? 0, Number(count, "count"));

        private static int? Number(string? text, string name) =>
            text is null ? null
                : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
                : throw new FhirRequestException(StatusCodes.Status400BadRequest,
                    OutcomeIssue.Error(IssueTypes.Invalid, $"'{name}' must be a non-negative integer"));
    }
}
