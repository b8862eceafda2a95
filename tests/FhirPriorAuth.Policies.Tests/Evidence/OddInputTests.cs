using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Evidence;
using FhirPriorAuth.Policies.Tests.Builders;

namespace FhirPriorAuth.Policies.Tests.Evidence;

/// <summary>
/// A request with any one element of the wrong shape still yields evidence: extraction never throws, whatever a
/// sender puts where.
/// </summary>
public class OddInputTests
{
    private static readonly Func<JsonNode?>[] Replacements =
    [
        () => JsonValue.Create(42),
        () => JsonValue.Create("x"),
        () => new JsonObject(),
        () => new JsonArray("a", 1),
        () => JsonValue.Create(7.9e28m),
        () => JsonValue.Create(-1),
        () => null,
    ];

    private static JsonObject FullRequest() => PasRequestBuilder.Lutathera().Renewal().Diagnosis("C7A.010").Ki67(15).SstrImaging(true)
        .Progression("worsened").LongActingSsa(lastDose: new DateOnly(2026, 1, 1)).ShortActingOctreotide(new DateTimeOffset(2026, 2, 28, 8, 0, 0, TimeSpan.Zero))
        .Karnofsky(80).Creatinine(1.0m, weightKg: 70).LutatheraDoseGiven(new DateOnly(2025, 12, 1)).Platelets(60).Anc(0.9m).Hemoglobin(9)
        .Bilirubin(4).Albumin(25).Inr(1.6m).HormoneReceptors(true, false)
        .QuestionnaireResponse(new QuestionnaireResponseBuilder().Answer("ki67", 15m).Group("g", g => g.Answer("priorTherapy", "lanreotide")))
        .Build();

    private static JsonObject EverolimusRequest() => PasRequestBuilder.Everolimus().Build();

    public static TheoryData<int> Replacement() => [.. Enumerable.Range(0, Replacements.Length)];

    [Theory]
    [MemberData(nameof(Replacement))]
    public void Any_element_replaced_by_an_odd_value_does_not_throw(int replacement)
    {
        foreach (var make in new Func<JsonObject>[] { FullRequest, EverolimusRequest })
        {
            var paths = Paths(make()).ToList();
            foreach (var path in paths)
            {
                var bundle = make();
                Replace(bundle, path, Replacements[replacement]());
                var evidence = PasBundleEvidence.Extract(bundle, today: new DateOnly(2026, 3, 2));
                Assert.NotNull(evidence);
                var crd = PasRequestBuilder.Everolimus().BuildCrdRequest();
                Replace(crd, path.Length > 0 ? path[..1] : path, Replacements[replacement]());
                CrdPrefetchEvidence.Extract(crd);
            }
        }
    }

    [Fact]
    public void A_huge_weight_costs_the_computed_clearance_only()
    {
        var e = PasBundleEvidence.Extract(PasRequestBuilder.Lutathera().Ki67(15).Creatinine(0.0000001m, weightKg: 7.9e27m).Build());
        Assert.False(e.Has("creatinineClearance"));
        Assert.True(e.Has("ki67"));
    }

    [Fact]
    public void A_questionnaire_response_nested_too_deeply_is_read_to_a_limit()
    {
        var item = new JsonObject { ["linkId"] = "ki67", ["answer"] = new JsonArray(new JsonObject { ["valueDecimal"] = 3 }) };
        for (var i = 0; i < 5000; i++) item = new JsonObject { ["linkId"] = $"g{i}", ["item"] = new JsonArray(item) };
        var qr = new JsonObject { ["resourceType"] = "QuestionnaireResponse", ["id"] = "deep", ["item"] = new JsonArray(item) };
        var e = QuestionnaireResponseEvidence.Extract(qr);
        Assert.False(e.Has("ki67"));
        Assert.Contains(e.Notes, n => n.Contains("nested deeper", StringComparison.Ordinal));
    }

    // Paths (property names and array indexes) of every node.
    private static IEnumerable<object[]> Paths(JsonNode? node, object[]? prefix = null)
    {
        prefix ??= [];
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o)
                {
                    object[] p = [.. prefix, k];
                    yield return p;
                    foreach (var inner in Paths(v, p)) yield return inner;
                }
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    object[] p = [.. prefix, i];
                    yield return p;
                    foreach (var inner in Paths(a[i], p)) yield return inner;
                }
                break;
        }
    }

    private static void Replace(JsonNode root, object[] path, JsonNode? value)
    {
        if (path.Length == 0) return;
        var parent = root;
        foreach (var step in path[..^1])
            parent = step is int i ? (parent as JsonArray)?[i] : (parent as JsonObject)?[(string)step];
        switch (parent, path[^1])
        {
            case (JsonObject o, string k): o[k] = value; break;
            case (JsonArray a, int i) when i < a.Count: a[i] = value; break;
        }
    }
}
