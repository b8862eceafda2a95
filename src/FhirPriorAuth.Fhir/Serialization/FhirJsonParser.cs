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
        // A UTF-8 byte order mark is legal in a file or body but not JSON itself.
        if (utf8.StartsWith("\uFEFF"u8)) utf8 = utf8[3..];
        JsonNode? root;
        try
        {
            // The fast path: one parse; the detailed scan below runs only when this fails.
            root = JsonNode.Parse(utf8, null, new JsonDocumentOptions
            {
                AllowDuplicateProperties = false,
                MaxDepth = options.MaxDepth,
            });
        }
        catch (JsonException ex)
        {
            return new FhirParseResult(null, JsonSyntaxScanner.Scan(utf8, options.MaxDepth, ex));
        }

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
