using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Evidence;
using FhirPriorAuth.Testing;
using static FhirPriorAuth.Policies.Tests.Evidence.EvidenceAssert;

namespace FhirPriorAuth.Policies.Tests.Evidence;

/// <summary>The Inferno PAS request bundles (real-world shapes from other systems) extract without exceptions.</summary>
public class SharedFixtureTests
{
    public static TheoryData<string> PasBundles()
    {
        var data = new TheoryData<string>();
        foreach (var name in new[]
                 {
                     "conformant_pas_bundle_v110.json", "conformant_pas_bundle_v110_multiple_items.json",
                     "conformant_pas_bundle_v110_uuid.json", "conformant_pas_inquire_bundle_v110.json",
                     "missing_referenced_resource_request_bundle.json", "nonconformant_pas_bundle.json",
                     "extracted/pas_server_v221_preset__approval_pa_submit_request_payload.json",
                     "extracted/pas_server_v221_preset__denial_pa_submit_request_payload.json",
                     "extracted/pas_server_v221_preset__pended_pa_submit_request_payload.json",
                     "extracted/pas_server_v221_preset__claim_update_cancel_all_submit_payload.json",
                 })
            data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(PasBundles))]
    public void Pas_fixture_extracts_without_exceptions(string file)
    {
        var path = SharedData.PathTo("conformance", "pas", file);
        Assert.SkipWhen(path is null, SharedData.MissingMessage);
        Assert.SkipWhen(!File.Exists(path), $"{file} is not in this copy of shared/");
        var bundle = JsonNode.Parse(File.ReadAllText(path!))!.AsObject();
        var evidence = PasBundleEvidence.Extract(bundle, today: new DateOnly(2026, 3, 2));
        // Every fact is in the catalog and fits its kind (EvidenceSet.Add would have thrown otherwise).
        Assert.All(evidence.Names, n => Assert.NotNull(FactCatalog.Find(n)));
        Absent(evidence, "drug"); // these requests are for other services
    }

    [Fact]
    public void The_conformant_bundle_states_its_date_diagnosis_and_certification()
    {
        var path = SharedData.PathTo("conformance", "pas", "conformant_pas_bundle_v110.json");
        Assert.SkipWhen(path is null, SharedData.MissingMessage);
        var evidence = PasBundleEvidence.Extract(JsonNode.Parse(File.ReadAllText(path!))!.AsObject());
        Assert.Equal("initial", Value(evidence, "certificationType"));
        Assert.True(evidence.Has("serviceDate"));
        Assert.True(evidence.Has("sex"));
    }
}
