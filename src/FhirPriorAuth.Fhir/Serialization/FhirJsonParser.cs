using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FhirPriorAuth.Fhir.Serialization;

/// <summary>
/// Parses FHIR R4 JSON into a lossless <see cref="JsonObject"/> and reports every structural problem it finds
/// (see <see cref="FhirParseIssueCatalog"/>) instead of stopping at the first.
/// JSON syntax errors, duplicate keys and excess depth are fatal: then no resource is returned.
/// </summary>
public static class FhirJsonParser
{
    public static FhirParseResult Parse(ReadOnlySpan<byte> utf8, FhirParseOptions? options = null)
    {
        options ??= FhirParseOptions.Default;
        // Encoding, syntax, duplicate keys, depth and lone surrogates: the checks every JSON body gets.
        var json = StrictJson.Parse(utf8, options.MaxDepth, resourceRoot: true);
        if (!json.IsReadable)
            return new FhirParseResult(null, json.Issues);
        var root = json.Root;

        var issues = new List<FhirParseIssue>();
        if (root is not JsonObject obj)
        {
            issues.Add(new FhirParseIssue(FhirParseIssueCode.RootNotObject, "Resource",
                FhirParseIssueCatalog.Get(FhirParseIssueCode.RootNotObject).Summary));
            return new FhirParseResult(null, issues);
        }
        new StructureWalker(issues, options).ValidateRoot(obj);
        return new FhirParseResult(obj, issues);
    }

    public static FhirParseResult Parse(string json, FhirParseOptions? options = null) =>
        Parse(Encoding.UTF8.GetBytes(json), options);

    public static FhirParseResult Parse(Stream utf8Json, FhirParseOptions? options = null)
    {
        using var buffer = new MemoryStream();
        utf8Json.CopyTo(buffer);
        return Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), options);
    }

    public static async Task<FhirParseResult> ParseAsync(Stream utf8Json, FhirParseOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        await utf8Json.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), options);
    }
}
