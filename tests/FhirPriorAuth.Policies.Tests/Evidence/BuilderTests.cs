using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Resources;
using FhirPriorAuth.Policies.Tests.Builders;

namespace FhirPriorAuth.Policies.Tests.Evidence;

/// <summary>The test builders produce well-formed requests that policy tests can trust.</summary>
public class BuilderTests
{
    [Fact]
    public void The_bundle_has_the_claim_first_unique_fullUrls_and_every_reference_resolves()
    {
        var json = PasRequestBuilder.Lutathera().Diagnosis("C7A.010").Ki67(15).Progression("worsened").Progression("stable")
            .LongActingSsa(new DateOnly(2026, 1, 1)).LutatheraDoseGiven(new DateOnly(2025, 12, 1))
            .QuestionnaireResponse(new QuestionnaireResponseBuilder().Answer("ki67", 15m)).Build();
        var bundle = new Bundle(json);
        var entries = bundle.Entries.ToList();
        Assert.Equal("Claim", entries[0].Resource!["resourceType"]!.GetValue<string>());
        Assert.Equal(entries.Count, entries.Select(e => e.FullUrl).Distinct().Count());
        foreach (var entry in entries)
            foreach (var reference in References(entry.Resource!))
                Assert.True(bundle.Resolve(reference, entry.FullUrl) is not null, $"{entry.FullUrl}: {reference} does not resolve");
    }

    [Fact]
    public void Each_build_is_a_fresh_copy()
    {
        var builder = PasRequestBuilder.Everolimus();
        var first = builder.Build();
        first["entry"]![0]!["resource"]!["status"] = "cancelled";
        Assert.Equal("active", builder.Build()["entry"]![0]!["resource"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public void Without_drops_a_resource_type_and_its_facts()
    {
        var json = PasRequestBuilder.Lutathera().Ki67(15).Without("Patient").Without("Observation").Build();
        var types = json["entry"]!.AsArray().Select(e => (string)e!["resource"]!["resourceType"]!).ToList();
        Assert.DoesNotContain("Patient", types);
        Assert.DoesNotContain("Observation", types);
        var evidence = FhirPriorAuth.Policies.Evidence.PasBundleEvidence.Extract(json);
        Assert.False(evidence.Has("age"));
        Assert.False(evidence.Has("ki67"));
        Assert.True(evidence.Has("payer"));
    }

    private static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "reference" && p.Value is JsonValue v ? [v.GetValue<string>()] : References(p.Value)),
        JsonArray a => a.SelectMany(References),
        _ => [],
    };
}
