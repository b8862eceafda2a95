namespace FhirPriorAuth.Server.Storage.Migrations;

/// <summary>
/// The token lookup as a covering index that starts with what a search knows (parameter, value, system) and ends with
/// the resource id, so a search can go from one selective token (identifier, content hash, authorization number,
/// member id, hookInstance, coverage-assertion-id) straight to its few resources in O(log n), without reading the
/// table. It replaces the index that began with the resource type: with that one SQLite's planner answered a
/// per-resource token check from it (a tie with the primary key) and read every token of a parameter per resource.
/// The same script serves both engines.
/// </summary>
internal static class TokenLookupIndex
{
    public const string Sql = """
        CREATE INDEX ix_search_tokens_find ON search_tokens (parameter, value, system, resource_type, id);
        DROP INDEX ix_search_tokens_lookup;
        """;
}
