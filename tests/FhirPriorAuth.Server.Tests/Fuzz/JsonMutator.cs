using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FhirPriorAuth.Server.Tests.Fuzz;

/// <summary>One mutated request body: its bytes, the Content-Type it is sent with (null: none) and what was done.</summary>
internal sealed record FuzzBody(byte[] Bytes, string? ContentType, string Mutation);

/// <summary>
/// Deterministic mutations of a JSON seed, the kinds the red-team run used: deleted and duplicated keys, type swaps,
/// huge strings and arrays, deep nesting, invalid UTF-8, BOMs, lone surrogate escapes, NaN/Infinity and out-of-range
/// numbers, truncation, wrong content types, references to missing entries, odd ids, NULs. Same seed, same inputs.
/// </summary>
internal sealed partial class JsonMutator(int seed)
{
    private readonly Random _random = new(seed);

    private static readonly string[] OddIds =
        ["", new string('a', 65), "a_b", "../../etc/passwd", "..%2F", "ïd", "a b", "-", ".", "0", new string('9', 64), "\u0000", "x\ud83d\ude00"];

    private static readonly string[] OddNumbers = ["NaN", "Infinity", "-Infinity", "1e999", "-1e999", "1e-999", "123456789012345678901234567890", "-0", "0x10", "01", "1.", ".5"];

    private static readonly string[] ContentTypes =
        ["text/plain", "application/xml", "application/fhir+xml", "application/json; charset=iso-8859-1", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded"];

    private const string Json = "application/json";

    public int Next(int max) => _random.Next(max);

    public FuzzBody Mutate(JsonObject seedJson)
    {
        var text = seedJson.ToJsonString();
        switch (_random.Next(17))
        {
            case 0: return Tree(seedJson, "delete a key", (node, _) => { if (node is JsonObject o && o.Count > 0) o.Remove(o.ElementAt(_random.Next(o.Count)).Key); });
            case 1: return Text(DuplicateKey(text), "duplicate a key");
            case 2: return Tree(seedJson, "swap a type", (node, parent) => Replace(node, parent, Swapped(node)));
            case 3: return Tree(seedJson, "huge string", (node, parent) => Replace(node, parent, JsonValue.Create(new string('x', 50_000 + _random.Next(200_000)))));
            case 4: return Tree(seedJson, "huge array", (node, parent) => Replace(node, parent, HugeArray(node)));
            case 5: return Text(DeepNesting(text), "deep nesting");
            case 6: return InvalidUtf8(text);
            case 7: return new FuzzBody([.. "\uFEFF"u8.ToArray(), .. (_random.Next(2) == 0 ? "\uFEFF"u8.ToArray() : []), .. Encoding.UTF8.GetBytes(text)], Json, "byte order mark");
            case 8: return Text(InString(text, _random.Next(2) == 0 ? "\\ud800" : "\\udfff\\ud800"), "lone surrogate escape");
            case 9: return Text(OddNumber(text), "NaN, Infinity or an odd number");
            case 10: return Text(text[..Math.Max(0, _random.Next(text.Length))], "truncated");
            case 11: return new FuzzBody(Encoding.UTF8.GetBytes(text), _random.Next(4) == 0 ? null : ContentTypes[_random.Next(ContentTypes.Length)], "wrong content type");
            case 12: return Tree(seedJson, "reference to a missing entry", (node, parent) => Replace(node, parent, JsonValue.Create(
                _random.Next(2) == 0 ? $"Patient/missing-{_random.Next(1000)}" : $"urn:uuid:{Guid.Empty}")), key: "reference");
            case 13: return Tree(seedJson, "odd id", (node, parent) => Replace(node, parent, JsonValue.Create(OddIds[_random.Next(OddIds.Length)])), key: "id");
            case 14: return Text(InString(text, "\\u0000"), "NUL in a string");
            case 15: return Text(new[] { "", " ", "null", "[]", "{}", "\"text\"", "42", "{\"resourceType\":\"Bundle\"}", "[{}]", "{\"a\":" }[_random.Next(10)], "degenerate body");
            default: return Tree(seedJson, "empty value", (node, parent) => Replace(node, parent, _random.Next(3) switch { 0 => new JsonObject(), 1 => new JsonArray(), _ => JsonValue.Create("") }));
        }
    }

    private static FuzzBody Text(string text, string mutation) => new(Encoding.UTF8.GetBytes(text), Json, mutation);

    /// <summary>Applies <paramref name="change"/> to one node of a copy of the seed (one named <paramref name="key"/> when there is one).</summary>
    private FuzzBody Tree(JsonObject seedJson, string mutation, Action<JsonNode?, JsonNode> change, string? key = null)
    {
        var copy = seedJson.DeepClone().AsObject();
        var nodes = new List<(JsonNode? Node, JsonNode Parent, string? Name)>();
        Collect(copy, nodes);
        var candidates = key is null ? nodes : nodes.Where(n => n.Name == key).ToList();
        if (candidates.Count == 0)
            candidates = nodes;
        if (candidates.Count > 0)
        {
            var (node, parent, _) = candidates[_random.Next(candidates.Count)];
            change(node, parent);
        }
        return Text(copy.ToJsonString(), mutation);
    }

    private static void Collect(JsonNode node, List<(JsonNode?, JsonNode, string?)> into)
    {
        if (into.Count > 5_000)
            return;
        if (node is JsonObject o)
            foreach (var (name, child) in o.ToList())
            {
                into.Add((child, o, name));
                if (child is not null) Collect(child, into);
            }
        else if (node is JsonArray a)
            foreach (var child in a.ToList())
            {
                into.Add((child, a, null));
                if (child is not null) Collect(child, into);
            }
    }

    private static void Replace(JsonNode? node, JsonNode parent, JsonNode? replacement)
    {
        if (parent is JsonObject o)
        {
            var name = o.First(p => ReferenceEquals(p.Value, node)).Key;
            o[name] = replacement;
        }
        else if (parent is JsonArray a)
        {
            var index = a.IndexOf(node);
            if (index >= 0) a[index] = replacement;
        }
    }

    private JsonNode? Swapped(JsonNode? node) => (node?.GetValueKind(), _random.Next(3)) switch
    {
        (System.Text.Json.JsonValueKind.String, 0) => JsonValue.Create(_random.Next()),
        (System.Text.Json.JsonValueKind.String, _) => new JsonArray(node!.DeepClone()),
        (System.Text.Json.JsonValueKind.Object, 0) => new JsonArray(node!.DeepClone()),
        (System.Text.Json.JsonValueKind.Object, _) => JsonValue.Create("object"),
        (System.Text.Json.JsonValueKind.Array, 0) => ((JsonArray)node!).Count > 0 ? ((JsonArray)node)[0]?.DeepClone() : null,
        (System.Text.Json.JsonValueKind.Array, _) => JsonValue.Create(true),
        (_, 0) => null,
        (_, 1) => new JsonObject { ["value"] = node?.DeepClone() },
        _ => JsonValue.Create("1"),
    };

    private JsonArray HugeArray(JsonNode? node)
    {
        var array = new JsonArray();
        var count = 2_000 + _random.Next(8_000);
        // A few copies of the node, then numbers: the count is what matters, and it keeps the run within its time budget.
        for (var i = 0; i < count; i++)
            array.Add(node is JsonObject o && i < 50 ? o.DeepClone() : JsonValue.Create(i));
        return array;
    }

    private string DuplicateKey(string text)
    {
        var keys = KeyPattern().Matches(text);
        if (keys.Count == 0)
            return text;
        var key = keys[_random.Next(keys.Count)];
        return text.Insert(key.Index, key.Value + "null,");
    }

    private string DeepNesting(string text)
    {
        var depth = _random.Next(2) == 0 ? 100 + _random.Next(40) : 1_000 + _random.Next(5_000);
        var at = text.IndexOf(':', StringComparison.Ordinal);
        if (at < 0)
            return new string('[', depth) + new string(']', depth);
        var end = text.IndexOfAny([',', '}'], at);
        return text[..(at + 1)] + new string('[', depth) + "1" + new string(']', depth) + text[end..];
    }

    private FuzzBody InvalidUtf8(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text).ToList();
        var quotes = Enumerable.Range(0, bytes.Count).Where(i => bytes[i] == (byte)'"').ToList();
        var at = quotes.Count > 0 ? quotes[_random.Next(quotes.Count)] + 1 : 0;
        byte[][] bad = [[0xFF], [0xC3, 0x28], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xC0, 0xAF]];
        bytes.InsertRange(Math.Min(at, bytes.Count), bad[_random.Next(bad.Length)]);
        return new FuzzBody([.. bytes], Json, "invalid UTF-8");
    }

    private string InString(string text, string insert)
    {
        var strings = StringPattern().Matches(text);
        if (strings.Count == 0)
            return text;
        var s = strings[_random.Next(strings.Count)];
        return text.Insert(s.Index + 1, insert);
    }

    private string OddNumber(string text)
    {
        var numbers = NumberPattern().Matches(text);
        var odd = OddNumbers[_random.Next(OddNumbers.Length)];
        if (numbers.Count == 0)
            return text.Insert(text.IndexOf('{', StringComparison.Ordinal) + 1, $"\"n\":{odd},");
        var n = numbers[_random.Next(numbers.Count)];
        return text[..n.Groups[1].Index] + odd + text[(n.Groups[1].Index + n.Groups[1].Length)..];
    }

    [GeneratedRegex("\"[A-Za-z_][A-Za-z0-9_\\-]*\":")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("\"[^\"\\\\]*\"[,}\\]]")]
    private static partial Regex StringPattern();

    [GeneratedRegex(":(-?[0-9][0-9.eE+\\-]*)")]
    private static partial Regex NumberPattern();
}
