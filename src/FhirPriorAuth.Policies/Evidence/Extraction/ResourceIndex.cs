using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Resources;

namespace FhirPriorAuth.Policies.Evidence.Extraction;

/// <summary>A resource of the request with the reference a fact source cites: its entry's fullUrl, else <c>Type/id</c>.</summary>
internal sealed record IndexedResource(string Reference, string Type, JsonObject Json, string? FullUrl);

/// <summary>
/// The resources of one request (a PAS bundle, or CRD draft orders plus prefetch gathered into a Bundle), with
/// reference resolution by the Bundle rules. Both extractors walk this, so every fact is read one way.
/// </summary>
internal sealed class ResourceIndex
{
    private readonly Bundle _bundle;
    private readonly List<IndexedResource> _all = [];

    public ResourceIndex(Bundle bundle)
    {
        _bundle = bundle;
        foreach (var entry in bundle.Entries)
        {
            if (entry.Resource is not { } json || json.Str("resourceType") is not { } type) continue;
            var reference = entry.FullUrl ?? (json.Str("id") is { } id ? $"{type}/{id}" : type);
            _all.Add(new IndexedResource(reference, type, json, entry.FullUrl));
        }
    }

    public IReadOnlyList<IndexedResource> All => _all;

    public IEnumerable<IndexedResource> OfType(string type) => _all.Where(r => r.Type == type);

    /// <summary>The resource a Reference element points to, or null (contained, absent, or unreadable references).</summary>
    public IndexedResource? Resolve(JsonObject? reference, IndexedResource? from = null) =>
        reference.Str("reference") is { Length: > 0 } text ? Resolve(text, from) : null;

    public IndexedResource? Resolve(string reference, IndexedResource? from = null)
    {
        if (reference.StartsWith('#')) return Contained(reference[1..], from);
        JsonObject? found;
        try { found = _bundle.Resolve(reference, from?.FullUrl); }
        catch (ArgumentException) { return null; }
        return found is null ? null : _all.FirstOrDefault(r => ReferenceEquals(r.Json, found));
    }

    // "#med1" names a resource contained in the referring one (CRD orders often carry their Medication so);
    // it is cited as the container's reference plus the fragment.
    private static IndexedResource? Contained(string id, IndexedResource? from) =>
        from?.Json.Objs("contained").FirstOrDefault(c => c.Str("id") == id) is { } json && json.Str("resourceType") is { } type
            ? new IndexedResource($"{from.Reference}#{id}", type, json, null)
            : null;
}
