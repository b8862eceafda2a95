using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FhirPriorAuth.Fhir.Serialization;

/// <summary>
/// Explains why the JSON could not be parsed: a streaming pass (no recursion, so any depth is safe) that finds
/// every duplicate key and escaped lone surrogate, the first point nesting exceeds the limit, or the first syntax error,
/// with its location. With no <c>original</c> error it reports only what it finds (possibly nothing).
/// </summary>
internal static class JsonSyntaxScanner
{
    private sealed class Frame(bool isObject)
    {
        public bool IsObject { get; } = isObject;
        public HashSet<string>? Keys { get; set; }
        public string? Property { get; set; }
        public int Index { get; set; } = -1;
    }

    public static IReadOnlyList<FhirParseIssue> Scan(ReadOnlySpan<byte> utf8, int maxDepth, JsonException? original, bool resourceRoot = true)
    {
        var found = new List<(FhirParseIssueCode Code, string Path, long? Line, long? Pos)>();
        var stack = new List<Frame>();
        string? rootName = null;
        // The reader's own limit sits above ours so that we, not it, notice the excess depth.
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = maxDepth + 1 });
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        NextValue(stack);
                        if (reader.CurrentDepth + 1 > maxDepth)
                        {
                            found.Add((FhirParseIssueCode.TooDeep, PathOf(stack), null, null));
                            return Finish(found, rootName, resourceRoot);
                        }
                        stack.Add(new Frame(reader.TokenType == JsonTokenType.StartObject));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        stack.RemoveAt(stack.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        var top = stack[^1];
                        if (Decoded(ref reader) is not { } name)
                        {
                            found.Add((FhirParseIssueCode.LoneSurrogate, PathOf(stack), null, null));
                            name = "";
                        }
                        top.Property = name;
                        top.Keys ??= new HashSet<string>(StringComparer.Ordinal);
                        if (!top.Keys.Add(name))
                            found.Add((FhirParseIssueCode.DuplicateProperty, PathOf(stack), null, null));
                        break;
                    default:
                        if (reader.TokenType == JsonTokenType.String && reader.ValueIsEscaped)
                        {
                            NextValue(stack);
                            if (Decoded(ref reader) is null)
                                found.Add((FhirParseIssueCode.LoneSurrogate, PathOf(stack), null, null));
                            break;
                        }
                        if (stack.Count == 1 && stack[0] is { IsObject: true, Property: "resourceType" }
                            && reader.TokenType == JsonTokenType.String)
                            rootName = reader.GetString();
                        NextValue(stack);
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            found.Add((FhirParseIssueCode.MalformedJson, PathOf(stack), ex.LineNumber, ex.BytePositionInLine));
        }
        if (found.Count == 0 && original is not null)
            found.Add((FhirParseIssueCode.MalformedJson, "", original.LineNumber, original.BytePositionInLine));
        return Finish(found, rootName, resourceRoot);
    }

    /// <summary>The string, or null when an escaped lone surrogate makes it undecodable.</summary>
    private static string? Decoded(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static void NextValue(List<Frame> stack)
    {
        if (stack.Count > 0 && !stack[^1].IsObject) stack[^1].Index++;
    }

    private static string PathOf(List<Frame> stack)
    {
        var sb = new StringBuilder();
        foreach (var f in stack)
        {
            if (f.IsObject && f.Property is not null) sb.Append('.').Append(f.Property);
            else if (!f.IsObject && f.Index >= 0) sb.Append('[').Append(f.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
        }
        return sb.ToString();
    }

    private static List<FhirParseIssue> Finish(List<(FhirParseIssueCode Code, string Path, long? Line, long? Pos)> found, string? rootName,
        bool resourceRoot)
    {
        // The root's name is known only once resourceType was read, which may come after the problem.
        var root = !resourceRoot ? "" : rootName is { Length: > 0 } && rootName.All(char.IsAsciiLetter) ? rootName : "Resource";
        return found.Select(f =>
        {
            var message = FhirParseIssueCatalog.Get(f.Code).Summary;
            if (f.Line is { } line)
                message += string.Create(CultureInfo.InvariantCulture, $" (line {line + 1}, byte {f.Pos + 1})");
            return new FhirParseIssue(f.Code, (root + f.Path).TrimStart('.'), message, f.Line, f.Pos);
        }).ToList();
    }
}
