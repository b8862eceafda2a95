using System.Text.Json.Nodes;
using FhirPriorAuth.Testing;

namespace FhirPriorAuth.Server.Tests.Conformance;

/// <summary>The independent profile validator the conformance tests rely on: it reads the IG packages and it can say no.</summary>
public sealed class ProfileCheckTests
{
    private const string Pas221 = "hl7.fhir.us.davinci-pas-2.2.1.tgz";
    private const string ClaimResponseProfile = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/profile-claimresponse";

    [Fact]
    public async Task Given_AClaimResponseMissingWhatPasRequires_When_Validated_Then_ThePasProfileReportsIt()
    {
        var bare = new JsonObject
        {
            ["resourceType"] = "ClaimResponse",
            ["meta"] = new JsonObject { ["profile"] = new JsonArray(ClaimResponseProfile) },
            ["status"] = "active",
            ["type"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://terminology.hl7.org/CodeSystem/claim-type", ["code"] = "pharmacy" }) },
            ["use"] = "preauthorization",
            ["patient"] = new JsonObject { ["reference"] = "Patient/1" },
            ["created"] = "2026-11-21T10:00:00Z",
            ["insurer"] = new JsonObject { ["reference"] = "Organization/1" },
            ["outcome"] = "complete",
        };

        var report = await ProfileCheck.ValidateAsync([("bare", bare)], [Pas221], TestContext.Current.CancellationToken);

        Assert.Contains(report.Checked, c => c.Profile == ClaimResponseProfile);
        Assert.DoesNotContain(report.Errors, e => e.Profile == "base");
        Assert.Contains(report.Errors, e => e.Profile == ClaimResponseProfile && e.Expression == "ClaimResponse.request");
    }

    [Fact]
    public async Task Given_TheTestKitsRequestorOrganization_When_Validated_Then_ItConforms()
    {
        var fixture = SharedData.PathTo("conformance", "pas", "valid_pa_response_bundle.json");
        if (fixture is null) Assert.Skip(SharedData.MissingMessage);
        var bundle = JsonNode.Parse(await File.ReadAllTextAsync(fixture, TestContext.Current.CancellationToken))!;
        var requestor = bundle["entry"]!.AsArray().Select(e => e!["resource"]!)
            .First(r => r["meta"]?["profile"]?.AsArray().Any(p => ((string?)p)!.EndsWith("profile-requestor", StringComparison.Ordinal)) == true);

        var report = await ProfileCheck.ValidateAsync([("requestor", requestor.DeepClone())], [Pas221], TestContext.Current.CancellationToken);

        Assert.Contains(report.Checked, c => c.Profile.EndsWith("profile-requestor", StringComparison.Ordinal));
        Assert.Empty(report.Errors);
    }
}
