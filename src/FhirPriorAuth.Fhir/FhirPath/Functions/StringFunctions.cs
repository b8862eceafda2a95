using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using FhirPriorAuth.Fhir.FhirPath.Values;

namespace FhirPriorAuth.Fhir.FhirPath.Functions;

/// <summary>String manipulation (spec 5.6) and the 2.1 encoding functions.</summary>
internal static class StringFunctions
{
    private static readonly IReadOnlyList<object> Empty = [];

    public static void Register(Registry r)
    {
        r.Add("indexOf", 1, 1, c => Str(c, s => c.StringArgument(0) is { } sub ? s.IndexOf(sub, StringComparison.Ordinal) : null));
        r.Add("lastIndexOf", 1, 1, c => Str(c, s => c.StringArgument(0) is { } sub ? s.LastIndexOf(sub, StringComparison.Ordinal) : null));
        r.Add("substring", 1, 2, c => Str(c, s =>
        {
            var start = c.IntegerArgument(0);
            if (start is null || start < 0 || start >= s.Length) return null;
            if (c.ArgumentCount == 1) return s[start.Value..];
            var length = c.IntegerArgument(1);
            if (length is null) return s[start.Value..];
            return length <= 0 ? "" : s.Substring(start.Value, Math.Min(length.Value, s.Length - start.Value));
        }));
        r.Add("startsWith", 1, 1, c => Str(c, s => c.StringArgument(0) is { } p ? s.StartsWith(p, StringComparison.Ordinal) : null));
        r.Add("endsWith", 1, 1, c => Str(c, s => c.StringArgument(0) is { } p ? s.EndsWith(p, StringComparison.Ordinal) : null));
        r.Add("contains", 1, 1, c => Str(c, s => c.StringArgument(0) is { } p ? s.Contains(p, StringComparison.Ordinal) : null));
        r.Add("upper", 0, 0, c => Str(c, s => s.ToUpperInvariant()));
        r.Add("lower", 0, 0, c => Str(c, s => s.ToLowerInvariant()));
        r.Add("replace", 2, 2, c => Str(c, s =>
        {
            var pattern = c.StringArgument(0);
            var replacement = c.StringArgument(1);
            if (pattern is null || replacement is null) return null;
            // An empty pattern inserts the replacement around every character, as the spec's example shows.
            if (pattern.Length == 0) return replacement + string.Join(replacement, s.Select(ch => ch.ToString())) + replacement;
            return s.Replace(pattern, replacement, StringComparison.Ordinal);
        }));
        r.Add("matches", 1, 1, c => Str(c, s => c.StringArgument(0) is { } p ? Pattern(p).IsMatch(s) : null));
        r.Add("matchesFull", 1, 1, c => Str(c, s => c.StringArgument(0) is { } p ? Pattern("^(?:" + p + ")$").IsMatch(s) : null));
        r.Add("replaceMatches", 2, 2, c => Str(c, s =>
        {
            var pattern = c.StringArgument(0);
            var replacement = c.StringArgument(1);
            if (pattern is null || replacement is null) return null;
            // An empty pattern matches nowhere useful; the spec's tests expect the input back unchanged.
            return pattern.Length == 0 ? s : Pattern(pattern).Replace(s, replacement);
        }));
        r.Add("length", 0, 0, c => Str(c, s => s.Length));
        r.Add("toChars", 0, 0, c => c.InputString() is { } s ? s.Select(ch => (object)ch.ToString()).ToList() : Empty);
        r.Add("split", 1, 1, c =>
        {
            var s = c.InputString();
            var sep = c.StringArgument(0);
            if (s is null || sep is null) return Empty;
            return s.Split(sep).Cast<object>().ToList();
        });
        r.Add("join", 0, 1, c =>
        {
            var sep = c.ArgumentCount > 0 ? c.StringArgument(0) ?? "" : "";
            return [string.Join(sep, c.Input.Select(i => ItemValues.ToSystemValue(i) as string ?? throw c.Error("every item must be a string")))];
        });
        r.Add("trim", 0, 0, c => Str(c, s => s.Trim()));
        r.Add("encode", 1, 1, c => Str(c, s => c.StringArgument(0) switch
        {
            "base64" => Convert.ToBase64String(Encoding.UTF8.GetBytes(s)),
            "urlbase64" => Convert.ToBase64String(Encoding.UTF8.GetBytes(s)).Replace('+', '-').Replace('/', '_'),
            "hex" => Convert.ToHexString(Encoding.UTF8.GetBytes(s)).ToLowerInvariant(),
            null => null,
            var other => throw c.Error($"unknown encoding '{other}'"),
        }));
        r.Add("decode", 1, 1, c => Str(c, s =>
        {
            try
            {
                return c.StringArgument(0) switch
                {
                    "base64" => Encoding.UTF8.GetString(Convert.FromBase64String(s)),
                    "urlbase64" => Encoding.UTF8.GetString(Convert.FromBase64String(s.Replace('-', '+').Replace('_', '/'))),
                    "hex" => Encoding.UTF8.GetString(Convert.FromHexString(s)),
                    null => null,
                    var other => throw c.Error($"unknown encoding '{other}'"),
                };
            }
            catch (FormatException)
            {
                return null;
            }
        }));
        r.Add("escape", 1, 1, c => Str(c, s => c.StringArgument(0) switch
        {
            "html" => WebUtility.HtmlEncode(s),
            "json" => JsonEncodedText.Encode(s, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString(),
            null => null,
            var other => throw c.Error($"unknown escape target '{other}'"),
        }));
        r.Add("unescape", 1, 1, c => Str(c, s => c.StringArgument(0) switch
        {
            "html" => WebUtility.HtmlDecode(s),
            "json" => UnescapeJson(s),
            null => null,
            var other => throw c.Error($"unknown escape target '{other}'"),
        }));
    }

    /// <summary>Undoes JSON string escapes (<c>\"</c>, <c>\n</c>, <c>\u00e9</c>); unescaped quotes are left alone.</summary>
    private static string UnescapeJson(string s)
    {
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] != '\\' || i + 1 >= s.Length) { sb.Append(s[i]); continue; }
            var e = s[++i];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'u' when i + 4 < s.Length && int.TryParse(s.AsSpan(i + 1, 4), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var code):
                    sb.Append((char)code);
                    i += 4;
                    break;
                default: sb.Append(e); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Runs a string function on the single string input; a null result means empty.</summary>
    private static IReadOnlyList<object> Str(Invocation c, Func<string, object?> body)
    {
        var s = c.InputString();
        if (s is null) return Empty;
        return Invocation.One(body(s));
    }

    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    /// <summary>Regexes are cached and time-limited, since rule authors may write expensive patterns.</summary>
    private static Regex Pattern(string pattern)
    {
        if (Patterns.Count > 500) Patterns.Clear();
        return Patterns.GetOrAdd(pattern, p =>
        {
            try { return new Regex(p, RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)); }
            catch (ArgumentException e) { throw new FhirPathEvaluationException($"invalid regular expression '{p}': {e.Message}"); }
        });
    }
}
