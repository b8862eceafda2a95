using System.Globalization;
using System.Text.Json.Nodes;

namespace FhirPriorAuth.Server.Dtr;

/// <summary>
/// One step of an adaptive form (SDC <c>$next-question</c>) over one of our static forms: which items are shown given
/// the answers so far. Items are read in form order; an item is shown when its <c>enableWhen</c> holds (and its
/// group's does). Every shown question that is answered is kept; the first shown question that is neither answered
/// nor asked before is the next question, and nothing after it is shown yet. An optional question that was asked and
/// left empty counts as skipped; a required one is what the client must answer before asking for more.
/// </summary>
internal sealed class AdaptiveForm
{
    private readonly IReadOnlyDictionary<string, List<JsonObject>> _answers;
    private readonly IReadOnlySet<string> _asked;
    private bool _stopped;

    private AdaptiveForm(IReadOnlyDictionary<string, List<JsonObject>> answers, IReadOnlySet<string> asked)
    {
        _answers = answers;
        _asked = asked;
    }

    /// <summary>The items shown now (copies, in form order, groups holding only their shown items).</summary>
    public required List<JsonObject> Shown { get; init; }

    /// <summary>Required questions that were asked, are still enabled and have no answer.</summary>
    public required List<string> Unanswered { get; init; }

    /// <summary>No question is left to ask: the response is complete.</summary>
    public bool Complete { get; private init; }

    public static AdaptiveForm Step(JsonObject form, IReadOnlyDictionary<string, List<JsonObject>> answers, IReadOnlySet<string> asked)
    {
        var unanswered = new List<string>();
        var walker = new AdaptiveForm(answers, asked) { Shown = [], Unanswered = unanswered };
        var shown = walker.Reveal(form.Objects("item"), unanswered);
        return new AdaptiveForm(answers, asked) { Shown = shown, Unanswered = unanswered, Complete = !walker._stopped && unanswered.Count == 0 };
    }

    private List<JsonObject> Reveal(IEnumerable<JsonObject> items, List<string> unanswered)
    {
        var shown = new List<JsonObject>();
        foreach (var item in items)
        {
            if (_stopped)
                break;
            if (!Enabled(item))
                continue;
            var copy = item.DeepClone().AsObject();
            copy.Remove("item");
            var linkId = item.Str("linkId") ?? "";
            var type = item.Str("type");
            if (type is not ("group" or "display"))
            {
                var answered = _answers.ContainsKey(linkId);
                if (!answered && _asked.Contains(linkId) && item["required"] is JsonValue required && required.TryGetValue<bool>(out var r) && r)
                    unanswered.Add(linkId);
                else if (!answered && !_asked.Contains(linkId))
                    _stopped = true;
            }
            var children = Reveal(item.Objects("item"), unanswered);
            if (children.Count > 0)
                copy["item"] = new JsonArray([.. children]);
            // A group shows only once one of its items is shown.
            if (type != "group" || children.Count > 0)
                shown.Add(copy);
        }
        return shown;
    }

    private bool Enabled(JsonObject item)
    {
        var conditions = item.Objects("enableWhen").ToList();
        if (conditions.Count == 0)
            return true;
        var results = conditions.Select(Holds);
        return item.Str("enableBehavior") == "any" ? results.Any(h => h) : results.All(h => h);
    }

    // R4 Questionnaire.enableWhen: operator exists | = | != | > | < | >= | <= against answer[x].
    private bool Holds(JsonObject condition)
    {
        var answers = _answers.TryGetValue(condition.Str("question") ?? "", out var found) ? found : [];
        var (kind, expected) = condition.Where(p => p.Key.StartsWith("answer", StringComparison.Ordinal))
            .Select(p => (p.Key["answer".Length..], p.Value)).FirstOrDefault();
        var op = condition.Str("operator");
        if (op == "exists")
            return expected is JsonValue flag && flag.TryGetValue<bool>(out var wanted) && wanted == answers.Count > 0;
        var compared = answers.Select(a => Compare(a, kind, expected)).Where(c => c is not null).Select(c => c!.Value).ToList();
        return op switch
        {
            "=" => compared.Any(c => c == 0),
            "!=" => answers.Count > 0 && compared.All(c => c != 0),
            ">" => compared.Any(c => c > 0),
            "<" => compared.Any(c => c < 0),
            ">=" => compared.Any(c => c >= 0),
            "<=" => compared.Any(c => c <= 0),
            _ => false,
        };
    }

    /// <summary>An answer against the expected value: negative, zero or positive; null when they are not comparable.</summary>
    private static int? Compare(JsonObject answer, string? kind, JsonNode? expected)
    {
        if (kind is null || expected is null || answer["value" + kind] is not { } actual)
            return null;
        switch (kind)
        {
            case "Coding":
                var sameSystem = expected.Str("system") is not { } system || actual.Str("system") is not { } other || system == other;
                return sameSystem && actual.Str("code") == expected.Str("code") ? 0 : 1;
            case "Integer" or "Decimal":
                return decimal.TryParse(actual.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
                    && decimal.TryParse(expected.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var e)
                    ? a.CompareTo(e) : null;
            case "Quantity":
                return actual["value"] is { } av && expected["value"] is { } ev
                    && decimal.TryParse(av.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var aq)
                    && decimal.TryParse(ev.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var eq)
                    && actual.Str("code") == expected.Str("code") ? aq.CompareTo(eq) : null;
            default:
                // boolean, string, date, dateTime, time: the JSON texts (ISO dates of one precision order as text).
                return actual is JsonValue && expected is JsonValue
                    ? string.CompareOrdinal(actual.ToJsonString(), expected.ToJsonString()) : null;
        }
    }
}
