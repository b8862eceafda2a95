using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace FhirPriorAuth.Fhir.Serialization;

/// <summary>What <see cref="StrictJson.Parse"/> returns: the JSON tree, or null and the fatal issues that refused it.</summary>
public sealed record StrictJsonResult(JsonNode? Root, IReadOnlyList<FhirParseIssue> Issues)
{
    public bool IsReadable => Issues.Count == 0;
}

/// <summary>
/// The one front door for JSON a client sends, FHIR or not (CDS Hooks requests, feedback, reviewer decisions): a UTF-8
/// byte order mark is dropped, then the body is refused unless it is valid UTF-8 everywhere (strings included), JSON
/// without duplicate keys, no deeper than the limit, and free of escaped lone surrogates (<c>"\ud800"</c>), which no
/// string can hold. What passes can be read with <c>GetValue&lt;string&gt;()</c> anywhere without an exception.
/// NaN and Infinity are not JSON and are refused by the reader like any other syntax error.
/// </summary>
public static class StrictJson
{
    /// <param name="resourceRoot">
    /// True for FHIR resources: issue locations start with the resource type (<c>Patient.name[0]</c>); otherwise they are
    /// plain member paths (<c>context.draftOrders</c>).
    /// </param>
    public static StrictJsonResult Parse(ReadOnlySpan<byte> utf8, int maxDepth, bool resourceRoot = false)
    {
        // A UTF-8 byte order mark is legal in a file or body but not JSON itself.
        if (utf8.StartsWith("\uFEFF"u8)) utf8 = utf8[3..];
        // JSON on the wire is UTF-8 (RFC 8259); the JSON reader decodes strings only when they are read, so an
        // undecodable string would otherwise surface later, wherever a handler reads it, as an exception.
        if (!Utf8.IsValid(utf8))
            return new StrictJsonResult(null, [new FhirParseIssue(FhirParseIssueCode.InvalidUtf8, resourceRoot ? "Resource" : "",
                FhirParseIssueCatalog.Get(FhirParseIssueCode.InvalidUtf8).Summary)]);
        JsonNode? root;
        try
        {
            // The fast path: one parse; the detailed scan below runs only when this fails or an escape needs a look.
            root = JsonNode.Parse(utf8, null, new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = maxDepth });
        }
        catch (JsonException ex)
        {
            return new StrictJsonResult(null, JsonSyntaxScanner.Scan(utf8, maxDepth, ex, resourceRoot));
        }
        catch (InvalidOperationException)
        {
            // The duplicate-key check decodes property names; a lone surrogate in one cannot be decoded.
            return new StrictJsonResult(null, JsonSyntaxScanner.Scan(utf8, maxDepth, null, resourceRoot));
        }
        if (MayHoldSurrogateEscape(utf8) && JsonSyntaxScanner.Scan(utf8, maxDepth, null, resourceRoot) is { Count: > 0 } issues)
            return new StrictJsonResult(null, issues);
        return new StrictJsonResult(root, []);
    }

    /// <summary>A cheap pre-check: only bodies with a <c>\uD8xx</c>–<c>\uDFxx</c> escape need the decoding scan.</summary>
    private static bool MayHoldSurrogateEscape(ReadOnlySpan<byte> utf8)
    {
        for (var at = utf8.IndexOf("\\u"u8); at >= 0 && at + 3 < utf8.Length; )
        {
            if (utf8[at + 2] is (byte)'d' or (byte)'D' && utf8[at + 3] is (>= (byte)'8' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F'))
                return true;
            var next = utf8[(at + 2)..].IndexOf("\\u"u8);
            at = next < 0 ? -1 : at + 2 + next;
        }
        return false;
    }
}
