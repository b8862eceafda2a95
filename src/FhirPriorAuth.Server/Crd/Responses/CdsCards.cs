using System.Text.Json.Nodes;

namespace FhirPriorAuth.Server.Crd.Responses;

/// <summary>
/// CDS Hooks card JSON as CRD wants it: a <c>uuid</c> on every card and suggestion, a summary under 140 characters,
/// <c>source.label</c> the insurer and <c>source.topic</c> a CRD card type, and no empty strings, arrays or objects.
/// </summary>
internal static class CdsCards
{
    public const string CardTypeSystem = "http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp";
    public const string CardTypeSystem22 = "http://terminology.hl7.org/CodeSystem/cdshooks-card-type";
    public const int MaxSummary = 139;

    private static readonly Dictionary<string, string> TopicDisplays = new(StringComparer.Ordinal)
    {
        [CrdConfiguration.CoverageInfo] = "Coverage Information",
        [CrdConfiguration.Guideline] = "Guideline",
        [CrdConfiguration.TherapyAlternatives] = "Therapy Alternatives: Optional",
        [CrdConfiguration.ClinicalReminder] = "Clinical Reminder",
    };

    /// <param name="cardType">A CRD card type code; also the configuration option that turns the card off.</param>
    public static JsonObject Card(string cardType, string summary, string? detail, string indicator, string payerName,
        string? associatedResource = null)
    {
        var card = new JsonObject
        {
            ["uuid"] = Guid.NewGuid().ToString(),
            ["summary"] = Summary(summary),
            ["indicator"] = indicator,
            ["source"] = new JsonObject
            {
                ["label"] = payerName,
                ["topic"] = new JsonObject { ["system"] = CardTypeSystem, ["code"] = cardType, ["display"] = TopicDisplays[cardType] },
            },
        };
        if (!string.IsNullOrWhiteSpace(detail))
            card["detail"] = detail;
        // Which order a card is about, when the request holds several (CRD: SHOULD, logical model name).
        if (associatedResource is not null)
            card["extension"] = new JsonObject { ["davinci-crd.associated-resource"] = new JsonArray(associatedResource) };
        return card;
    }

    public static JsonObject Suggestion(string label, bool recommended, params JsonObject[] actions) => new()
    {
        ["label"] = label,
        ["uuid"] = Guid.NewGuid().ToString(),
        ["isRecommended"] = recommended,
        ["actions"] = new JsonArray([.. actions]),
    };

    public static JsonObject Action(string type, string description, JsonObject resource) => new()
    {
        ["type"] = type,
        ["description"] = description,
        ["resource"] = resource,
    };

    /// <summary>Adds suggestions (none: the card has none) with the selection behaviour CDS Hooks requires alongside them.</summary>
    public static JsonObject WithSuggestions(this JsonObject card, string selectionBehavior, IReadOnlyList<JsonObject> suggestions)
    {
        if (suggestions.Count == 0)
            return card;
        card["selectionBehavior"] = selectionBehavior;
        card["suggestions"] = new JsonArray([.. suggestions]);
        return card;
    }

    public static JsonObject WithLink(this JsonObject card, string label, string url, string type, string? appContext = null)
    {
        var link = new JsonObject { ["label"] = label, ["url"] = url, ["type"] = type };
        if (appContext is not null)
            link["appContext"] = appContext;
        if (card["links"] is JsonArray links)
            links.Add(link);
        else
            card["links"] = new JsonArray(link);
        return card;
    }

    /// <summary>The card type (<c>source.topic.code</c>) of a card this class built.</summary>
    public static string? TypeOf(JsonObject card) => (card["source"]?["topic"]?["code"] as JsonValue)?.GetValue<string>();

    private static string Summary(string text)
    {
        text = text.Trim();
        return text.Length <= MaxSummary ? text : text[..(MaxSummary - 1)].TrimEnd() + "…";
    }
}
