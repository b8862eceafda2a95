using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FhirPriorAuth.Server.Tests.Crd.Responses;

/// <summary>
/// The CDS Hooks and CRD rules every response must keep (research/crd.md §2.0, §2.9 and the Inferno checks), and the
/// coverage-information extension's profile rules (CRD 2.0.1 CoverageInformation.fsh, invariants crd-ci-q1..q5).
/// </summary>
internal static class CrdResponseAssert
{
    public const string CoverageInformationUrl = "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information";

    private static readonly string[] CardTypes =
    [
        "coverage-info", "claim", "insurance", "limits", "network", "appropriate-use", "cost", "therapy-alternatives-opt",
        "therapy-alternatives-req", "clinical-reminder", "duplicate-therapy", "contraindication", "guideline", "off-guideline",
    ];

    /// <summary>Every card and suggestion of a response keeps the card rules; the response has no empty JSON values.</summary>
    public static void ValidResponse(JsonObject response)
    {
        var cards = Assert.IsType<JsonArray>(response["cards"]);
        foreach (var card in cards)
            ValidCard(Assert.IsType<JsonObject>(card));
        if (response["systemActions"] is { } actions)
            Assert.NotEmpty(Assert.IsType<JsonArray>(actions));
        foreach (var (name, value) in response)
            if (name != "cards")
                NoEmptyValues(value, name);
        foreach (var card in cards)
            NoEmptyValues(card, "card");
    }

    public static void ValidCard(JsonObject card)
    {
        Assert.True(Guid.TryParse(Str(card, "uuid"), out _), "every card has a uuid");
        var summary = Str(card, "summary");
        Assert.False(string.IsNullOrWhiteSpace(summary));
        Assert.True(summary.Length < 140, $"summary must be under 140 characters: {summary}");
        Assert.Contains(Str(card, "indicator"), new[] { "info", "warning", "critical" });
        var source = Assert.IsType<JsonObject>(card["source"]);
        Assert.False(string.IsNullOrWhiteSpace(Str(source, "label")));
        var topic = Assert.IsType<JsonObject>(source["topic"]);
        Assert.Contains(Str(topic, "system"), new[] { "http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp", "http://terminology.hl7.org/CodeSystem/cdshooks-card-type" });
        Assert.Contains(Str(topic, "code"), CardTypes);
        if (card["detail"] is not null)
            Assert.False(string.IsNullOrWhiteSpace(Str(card, "detail")));

        if (card["suggestions"] is { } suggestions)
        {
            Assert.Contains(Str(card, "selectionBehavior"), new[] { "at-most-one", "any" });
            foreach (var suggestion in Assert.IsType<JsonArray>(suggestions).Cast<JsonObject>())
            {
                Assert.True(Guid.TryParse(Str(suggestion, "uuid"), out _), "every suggestion has a uuid");
                Assert.False(string.IsNullOrWhiteSpace(Str(suggestion, "label")));
                var actions = Assert.IsType<JsonArray>(suggestion["actions"]);
                Assert.NotEmpty(actions);
                foreach (var action in actions.Cast<JsonObject>())
                    ValidAction(action);
            }
        }
        else
        {
            Assert.Null(card["selectionBehavior"]);
        }

        foreach (var link in (card["links"] as JsonArray ?? []).Cast<JsonObject>())
        {
            Assert.False(string.IsNullOrWhiteSpace(Str(link, "label")));
            Assert.True(Uri.TryCreate(Str(link, "url"), UriKind.Absolute, out var url) && url.Scheme is "http" or "https");
            Assert.Contains(Str(link, "type"), new[] { "absolute", "smart" });
            if (Str(link, "type") == "absolute")
                Assert.Null(link["appContext"]);
        }
    }

    public static void ValidAction(JsonObject action)
    {
        Assert.Contains(Str(action, "type"), new[] { "create", "update", "delete" });
        Assert.False(string.IsNullOrWhiteSpace(Str(action, "description")), "every action has a description");
        if (Str(action, "type") == "delete")
            Assert.Equal(JsonValueKind.String, action["resourceId"]?.GetValueKind());
        else
            Assert.False(string.IsNullOrWhiteSpace(Str(Assert.IsType<JsonObject>(action["resource"]), "resourceType")));
    }

    /// <summary>
    /// A Coverage Information system action: an update of <paramref name="original"/> that adds exactly one conforming
    /// coverage-information extension and changes nothing else. Returns the extension's parts by url.
    /// </summary>
    public static ILookup<string, JsonObject> CoverageInformation(JsonObject action, JsonObject original)
    {
        Assert.Equal("update", Str(action, "type"));
        Assert.False(string.IsNullOrWhiteSpace(Str(action, "description")));
        var resource = Assert.IsType<JsonObject>(action["resource"]);
        var extensions = Assert.IsType<JsonArray>(resource["extension"]).Cast<JsonObject>().ToList();
        var coverageInfo = Assert.Single(extensions, e => Str(e, "url") == CoverageInformationUrl);

        // The order as sent, apart from the annotation.
        var echoed = resource.DeepClone().AsObject();
        var rest = extensions.Where(e => !ReferenceEquals(e, coverageInfo)).Select(e => e.DeepClone()).ToList();
        if (rest.Count == 0) echoed.Remove("extension");
        else echoed["extension"] = new JsonArray([.. rest]);
        var sent = original.DeepClone().AsObject();
        if (sent["extension"] is JsonArray sentExtensions)
        {
            var kept = sentExtensions.Cast<JsonObject>().Where(e => Str(e, "url") != CoverageInformationUrl).Select(e => e.DeepClone()).ToList();
            if (kept.Count == 0) sent.Remove("extension");
            else sent["extension"] = new JsonArray([.. kept]);
        }
        Assert.True(JsonNode.DeepEquals(sent, echoed), $"the order is echoed unchanged:\n{sent}\n---\n{echoed}");

        var parts = Assert.IsType<JsonArray>(coverageInfo["extension"]).Cast<JsonObject>().ToList();
        foreach (var part in parts)
            Assert.Single(part, p => p.Key.StartsWith("value", StringComparison.Ordinal));
        var byUrl = parts.ToLookup(p => Str(p, "url"));
        string[] known = ["coverage", "covered", "pa-needed", "doc-needed", "doc-purpose", "info-needed", "billingCode", "reason", "detail",
            "dependency", "questionnaire", "date", "coverage-assertion-id", "satisfied-pa-id", "contact"];
        Assert.All(byUrl, g => Assert.Contains(g.Key, known));

        Assert.StartsWith("Coverage/", Str(Assert.Single(byUrl["coverage"])["valueReference"]!.AsObject(), "reference"));
        var covered = Code(Assert.Single(byUrl["covered"]));
        var pa = byUrl["pa-needed"].Select(Code).SingleOrDefault();
        // CRD 2.2 'indeterminate' (never in a 2.0.1 answer: only with the 2.2 reason code 'technical', which 2.0.1 answers never carry;
        // 2.2 crd-ci-q… : an indeterminate assertion has a reason).
        var technical = byUrl["reason"].Any(r => (r["valueCodeableConcept"]?["coding"] as JsonArray ?? [])
            .Any(c => (string?)c?["code"] == "technical" && (string?)c?["system"] == "http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp"));
        string[] indeterminate = technical ? ["indeterminate"] : [];
        Assert.Contains(covered, new[] { "covered", "not-covered", "conditional" }.Concat(indeterminate));
        if (pa is not null) Assert.Contains(pa, new[] { "auth-needed", "no-auth", "satisfied", "performpa", "conditional" }.Concat(indeterminate));
        Assert.True(covered == "not-covered" || pa is not null, "crd-ci-q2: pa-needed is given unless not covered");
        var doc = byUrl["doc-needed"].Select(Code).SingleOrDefault();
        if (doc is not null) Assert.Contains(doc, new[] { "clinical", "admin", "both", "conditional" });
        Assert.All(byUrl["doc-purpose"].Select(Code), c => Assert.Contains(c, new[] { "withpa", "withclaim", "withorder", "retain-doc", "OTH" }));
        var info = byUrl["info-needed"].Select(Code).ToList();
        Assert.All(info, c => Assert.Contains(c, new[] { "performer", "location", "timeframe", "contract-window", "OTH" }));
        if (info.Count > 0)
            Assert.True(covered == "conditional" || pa == "conditional" || doc == "conditional", "crd-ci-q3");
        if (byUrl["questionnaire"].Any())
            Assert.NotNull(doc); // crd-ci-q1
        Assert.Equal(pa == "satisfied", byUrl["satisfied-pa-id"].Any()); // crd-ci-q5
        Assert.True(DateOnly.TryParseExact(Str(Assert.Single(byUrl["date"]), "valueDate"), "yyyy-MM-dd", CultureInfo.InvariantCulture,
            DateTimeStyles.None, out _));
        Assert.False(string.IsNullOrWhiteSpace(Str(Assert.Single(byUrl["coverage-assertion-id"]), "valueString")));
        foreach (var reason in byUrl["reason"])
            Assert.False(string.IsNullOrWhiteSpace(Str(reason["valueCodeableConcept"]!.AsObject(), "text")));
        return byUrl;
    }

    public static string Code(JsonObject part) => Str(part, "valueCode");

    public static string Str(JsonObject o, string name) =>
        o[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "";

    private static void NoEmptyValues(JsonNode? node, string path)
    {
        switch (node)
        {
            case null:
                Assert.Fail($"{path} is null");
                break;
            case JsonObject o:
                Assert.True(o.Count > 0, $"{path} is an empty object");
                foreach (var (name, value) in o) NoEmptyValues(value, $"{path}.{name}");
                break;
            case JsonArray a:
                Assert.True(a.Count > 0, $"{path} is an empty array");
                for (var i = 0; i < a.Count; i++) NoEmptyValues(a[i], $"{path}[{i}]");
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                Assert.False(string.IsNullOrWhiteSpace(v.GetValue<string>()), $"{path} is an empty string");
                break;
        }
    }
}
