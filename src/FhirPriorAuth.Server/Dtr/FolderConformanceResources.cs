using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Serialization;

namespace FhirPriorAuth.Server.Dtr;

/// <summary>
/// The artifacts in one or more folders of FHIR JSON files (<c>questionnaires/</c> and the project's package).
/// Every problem is collected rather than thrown, so one start-up refusal can list them all.
/// </summary>
public sealed class FolderConformanceResources : IConformanceResources
{
    /// <summary>Types DTR serves or follows when packaging; other resources in the folders are ignored.</summary>
    private static readonly HashSet<string> ServedTypes = ["Questionnaire", "Library", "ValueSet", "CodeSystem", "PlanDefinition"];

    private readonly List<ConformanceResource> _all = [];
    private readonly List<string> _problems = [];

    private FolderConformanceResources()
    {
    }

    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Loads every <c>*.json</c> below the roots (package manifests excepted). A root that does not exist holds nothing.</summary>
    public static FolderConformanceResources Load(params IEnumerable<string> roots)
    {
        var loaded = new FolderConformanceResources();
        foreach (var root in roots.Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                loaded.LoadFile(root, file);
        }
        loaded.CheckUniqueness();
        return loaded;
    }

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

    private void LoadFile(string root, string file)
    {
        var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
        var fileName = Path.GetFileName(file);
        // npm package manifests and indexes sit beside the resources in a FHIR package.
        if (fileName is "package.json" or ".index.json" or "package-lock.json")
            return;

        FhirParseResult parsed;
        try
        {
            parsed = FhirJsonParser.Parse(File.ReadAllBytes(file));
        }
        catch (IOException e)
        {
            _problems.Add($"{relative}: cannot be read ({e.Message})");
            return;
        }
        var errors = parsed.Issues.Where(i => i.Severity is FhirIssueSeverity.Error or FhirIssueSeverity.Fatal).ToList();
        if (parsed.Resource is not JsonObject json || errors.Count > 0)
        {
            _problems.AddRange(errors.Select(e => $"{relative}: {e.Message} [{e.Id}] at {e.Expression}"));
            if (errors.Count == 0)
                _problems.Add($"{relative}: not a FHIR resource");
            return;
        }

        var type = json.Str("resourceType");
        if (type is null || !ServedTypes.Contains(type))
            return;
        var id = json.Str("id");
        var url = json.Str("url");
        if (id is null)
            _problems.Add($"{relative}: {type} has no id");
        if (url is null)
            _problems.Add($"{relative}: {type} has no canonical url");
        if (id is null || url is null)
            return;
        var folder = Path.GetDirectoryName(relative)?.Replace('\\', '/') ?? "";
        _all.Add(new ConformanceResource(type, id, url, json.Str("version"), json, folder));
    }

    private void CheckUniqueness()
    {
        foreach (var clash in _all.GroupBy(r => (r.Type, r.Id)).Where(g => g.Count() > 1))
            _problems.Add($"{clash.Key.Type}/{clash.Key.Id} is defined {clash.Count()} times");
        foreach (var clash in _all.GroupBy(r => (r.Type, r.VersionedCanonical)).Where(g => g.Count() > 1))
            _problems.Add($"{clash.Key.Type} {clash.Key.VersionedCanonical} is defined {clash.Count()} times");
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
