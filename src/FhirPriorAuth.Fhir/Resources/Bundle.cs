using System.Text.Json.Nodes;

namespace FhirPriorAuth.Fhir.Resources;

/// <summary>A Bundle: entries and reference resolution within it.</summary>
public sealed class Bundle : Resource
{
    public Bundle(JsonObject json) : base(Expect(json, "Bundle")) { }

    public static Bundle Create(string type) => new(new JsonObject { ["resourceType"] = "Bundle", ["type"] = type });

    public string? Type
    {
        get => GetString("type");
        set => SetString("type", value);
    }

    public IEnumerable<BundleEntry> Entries => GetObjects("entry").Select(e => new BundleEntry(e));

    public BundleEntry AddEntry(JsonObject resource, string? fullUrl = null)
    {
        var entry = new BundleEntry(new JsonObject()) { FullUrl = fullUrl, Resource = resource };
        GetOrAddArray("entry").Add(entry.Json);
        return entry;
    }

    /// <summary>
    /// The resource a reference points to inside this Bundle, or null. Handles <c>urn:uuid:</c>/<c>urn:oid:</c> and
    /// absolute references (matched against fullUrl), and relative ones (<c>Patient/123</c>), which resolve against the
    /// base of <paramref name="fromFullUrl"/> (the referring entry) when it is a RESTful URL, else by type and id.
    /// A version (<c>/_history/2</c>) is ignored.
    /// </summary>
    public JsonObject? Resolve(string reference, string? fromFullUrl = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(reference);
        if (reference.StartsWith('#')) return null; // contained references resolve within a resource, not the Bundle
        reference = StripHistory(reference);
        var entries = Entries.ToList();
        if (reference.StartsWith("urn:", StringComparison.Ordinal) || reference.Contains("://", StringComparison.Ordinal))
            return entries.FirstOrDefault(e => e.FullUrl is { } f && StripHistory(f) == reference)?.Resource;

        if (fromFullUrl is not null && RestBase(fromFullUrl) is { } baseUrl
            && entries.FirstOrDefault(e => e.FullUrl == baseUrl + reference)?.Resource is { } byBase)
            return byBase;
        var parts = reference.Split('/');
        if (parts.Length != 2) return null;
        return entries.Select(e => e.Resource).FirstOrDefault(r => r is not null
            && new Resource(r) is var res && res.ResourceType == parts[0] && res.Id == parts[1]);
    }

    private static string StripHistory(string reference)
    {
        var i = reference.IndexOf("/_history/", StringComparison.Ordinal);
        return i < 0 ? reference : reference[..i];
    }

    // "http://x/fhir/Patient/1" → "http://x/fhir/"; null for non-RESTful URLs such as urn:uuid.
    private static string? RestBase(string fullUrl)
    {
        var url = StripHistory(fullUrl);
        if (!url.Contains("://", StringComparison.Ordinal)) return null;
        var idSlash = url.LastIndexOf('/');
        var typeSlash = idSlash > 0 ? url.LastIndexOf('/', idSlash - 1) : -1;
        return typeSlash < 0 ? null : url[..(typeSlash + 1)];
    }
}

/// <summary>One Bundle.entry.</summary>
public sealed class BundleEntry(JsonObject json) : JsonWrapper(json)
{
    public string? FullUrl
    {
        get => GetString("fullUrl");
        set => SetString("fullUrl", value);
    }

    public JsonObject? Resource
    {
        get => GetObject("resource");
        set => SetObject("resource", value);
    }

    /// <summary>entry.request (method, url) for transaction/batch Bundles.</summary>
    public JsonObject? Request
    {
        get => GetObject("request");
        set => SetObject("request", value);
    }

    /// <summary>entry.response (status, location) for transaction/batch responses.</summary>
    public JsonObject? Response
    {
        get => GetObject("response");
        set => SetObject("response", value);
    }
}
