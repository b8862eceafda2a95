using FhirPriorAuth.Policies.Artifacts;

namespace FhirPriorAuth.Server.Dtr;

/// <summary>
/// The DTR view of the policy catalog the decision engine loads and validates: its Questionnaires, Libraries,
/// CodeSystems and ValueSets found by id, type and canonical. One loader for both, so DTR serves exactly the
/// artifacts the engine decides with.
/// </summary>
public sealed class CatalogConformanceResources : IConformanceResources
{
    private readonly List<ConformanceResource> _all;

    public CatalogConformanceResources(PolicyCatalog catalog)
    {
        // The catalog indexes Libraries under both url and url|version: keep each resource once.
        _all = [.. catalog.Questionnaires.Values.Concat(catalog.Libraries.Values).Concat(catalog.Terminology)
            .Distinct()
            .Select(json => new ConformanceResource(json.Str("resourceType") ?? "", json.Str("id") ?? "", json.Str("url"), json.Str("version"), json))
            .Where(r => r.Url is not null)];
        Problems = [.. catalog.Problems.Select(p => p.ToString())];
    }

    public IReadOnlyList<string> Problems { get; }

    public IReadOnlyList<ConformanceResource> OfType(string type) => _all.Where(r => r.Type == type).ToList();

    public ConformanceResource? ById(string type, string id) => _all.Find(r => r.Type == type && r.Id == id);

    public ConformanceResource? ByCanonical(string canonical, string? type = null)
    {
        var bar = canonical.IndexOf('|', StringComparison.Ordinal);
        var url = bar < 0 ? canonical : canonical[..bar];
        var version = bar < 0 ? null : canonical[(bar + 1)..];
        var candidates = _all.Where(r => r.Url == url && (type is null || r.Type == type));
        return version is null
            ? candidates.OrderByDescending(r => r.Version, ArtifactVersions.Comparer).FirstOrDefault()
            : candidates.FirstOrDefault(r => r.Version == version);
    }
}

/// <summary>Orders artifact versions numerically where they are dotted numbers (1.10.0 after 1.9.0).</summary>
internal static class ArtifactVersions
{
    public static readonly IComparer<string?> Comparer = Comparer<string?>.Create(Compare);

    private static int Compare(string? a, string? b)
    {
        if (a is null || b is null)
            return a is null ? (b is null ? 0 : -1) : 1;
        var left = a.Split('.', '-');
        var right = b.Split('.', '-');
        for (var i = 0; i < Math.Min(left.Length, right.Length); i++)
        {
            var c = int.TryParse(left[i], out var l) && int.TryParse(right[i], out var r)
                ? l.CompareTo(r)
                : string.CompareOrdinal(left[i], right[i]);
            if (c != 0)
                return c;
        }
        return left.Length.CompareTo(right.Length);
    }
}
