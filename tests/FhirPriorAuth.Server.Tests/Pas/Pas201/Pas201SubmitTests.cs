using System.Net;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Auth;
using FhirPriorAuth.Server.Tests.Auth;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Testing;
using Microsoft.AspNetCore.Http;

namespace FhirPriorAuth.Server.Tests.Pas.Pas201;

/// <summary>$submit on the PAS 2.0.1 base: decided as on /fhir, answered with the 2.0.1 profiles and forms.</summary>
public sealed class Pas201SubmitTests
{
    public static TheoryData<string> RequestBundles()
    {
        var data = new TheoryData<string>();
        var root = SharedData.PathTo("conformance", "pas");
        if (root is null || !Directory.Exists(Path.Combine(root, "extracted")))
        {
            data.Add("(shared data absent)");
            return data;
        }
        // The test kit's 2.0.1 preset requests (those it runs against the reference implementation) and its spec
        // fixtures, which predate 2.2 (STU 1.1/2.0 shape).
        foreach (var file in Directory.GetFiles(Path.Combine(root, "extracted"), "pas_ri_v201_*submit*payload.json").Order(StringComparer.Ordinal))
            data.Add(Path.Combine("extracted", Path.GetFileName(file)));
        foreach (var file in Directory.GetFiles(root, "conformant_pas_bundle*.json").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(RequestBundles))]
    public async Task A_2_0_1_test_kit_request_gets_a_2_0_1_response_bundle(string fixture)
    {
        // Some presets hold a sequence of requests (a Claim and its updates): each is submitted in turn.
        var requests = await PasFixtures.RequestsAsync(fixture);
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();
        foreach (var request in requests)
        {
            var bundle = await Pas201Client.SubmitAsync(client, request);

            Assert.Equal(Pas201Client.Profile + "profile-pas-response-bundle|2.0.1", Pas201Client.ProfileOf(bundle));
            Assert.Equal("collection", (string?)bundle["type"]);
            var claimResponse = PasClient.ClaimResponse(bundle);
            Assert.Equal(Pas201Client.Profile + "profile-claimresponse|2.0.1", Pas201Client.ProfileOf(claimResponse));
            var submitted = request["entry"]![0]!["resource"]!["item"]!.AsArray().Select(i => (int)i!["sequence"]!).Order();
            Assert.Equal(submitted, claimResponse["item"]!.AsArray().Select(i => (int)i!["itemSequence"]!).Order());
            Assert.All(PasClient.ActionCodes(claimResponse), code => Assert.False(string.IsNullOrEmpty(code)));
        }
    }

    [Fact]
    public async Task A_payer_modification_is_answered_with_the_authorized_detail_on_the_line_not_an_addItem()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();

        var onCurrent = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, PasRequests.AfinitorForBreastCancer().Build()));
        var on201 = PasClient.ClaimResponse(await Pas201Client.SubmitAsync(client, PasRequests.AfinitorForBreastCancer().Build()));

        Assert.Equal(["A6"], PasClient.ActionCodes(onCurrent));
        Assert.NotNull(onCurrent["addItem"]);
        Assert.Equal(["A6"], PasClient.ActionCodes(on201));
        Assert.Null(on201["addItem"]);
        var line = on201["item"]![0]!;
        var detail = line["extension"]!.AsArray().Single(e => (string?)e!["url"] == Pas201Client.Profile + "extension-itemAuthorizedDetail")!;
        Assert.Equal((string?)onCurrent["addItem"]![0]!["productOrService"]!["text"],
            (string?)detail["extension"]!.AsArray().Single(e => (string?)e!["url"] == "productOrServiceCode")!["valueCodeableConcept"]!["text"]);
        Assert.Contains(line["extension"]!.AsArray(), e => (string?)e!["url"] == Pas201Client.Profile + "extension-itemPreAuthPeriod");
    }

    [Fact]
    public async Task The_same_request_on_either_base_is_one_authorization()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();

        var onCurrent = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, PasRequests.LutatheraQualifying().Build()));
        var on201 = PasClient.ClaimResponse(await Pas201Client.SubmitAsync(client, PasRequests.LutatheraQualifying().Build()));

        Assert.Equal((string?)onCurrent["preAuthRef"], (string?)on201["preAuthRef"]);
        Assert.Equal(["A1"], PasClient.ActionCodes(on201));
    }

    [Fact]
    public async Task The_test_kit_empty_bundle_is_refused_on_both_operations()
    {
        var empty = await Pas201Client.FixtureAsync("nonconformant_pas_bundle.json");
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();

        foreach (var path in new[] { Pas201Client.Submit, Pas201Client.Inquire })
        {
            var response = await client.SendAsync(FhirRequests.Post(path, empty.ToJsonString()), TestContext.Current.CancellationToken);
            await FhirAssert.OperationOutcome(response, HttpStatusCode.BadRequest);
        }
    }

    [Theory]
    [InlineData("POST", "/fhir/pas-2.0.1/Claim/$submit", "system/Claim.c")]
    [InlineData("POST", "/fhir/pas-2.0.1/Claim/$inquire", "system/Claim.r")]
    [InlineData("POST", "/fhir/pas-2.0.1/Subscription", "system/Subscription.c")]
    [InlineData("DELETE", "/fhir/pas-2.0.1/Subscription/s1", "system/Subscription.d")]
    public void The_2_0_1_base_needs_the_same_scopes_as_fhir(string method, string path, string scope) =>
        Assert.Equal(scope, FhirScopes.Required(method, new PathString(path))?.ToString());

    [Fact]
    public async Task Metadata_declares_the_2_0_1_operations_without_a_token()
    {
        using var registered = new TestClient();
        await using var server = SmartRequests.Server(registered);
        var request = new HttpRequestMessage(HttpMethod.Get, Pas201Client.Base + "/metadata");
        request.Headers.Accept.ParseAdd(FhirAssert.FhirJson);

        var response = await server.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);

        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var statement = JsonNode.Parse(text)!;
        Assert.EndsWith("/fhir/pas-2.0.1", (string?)statement["implementation"]!["url"]);
        var claim = statement["rest"]![0]!["resource"]!.AsArray().Single(r => (string?)r!["type"] == "Claim")!;
        Assert.Equal(
            ["http://hl7.org/fhir/us/davinci-pas/OperationDefinition/Claim-submit|2.0.1", "http://hl7.org/fhir/us/davinci-pas/OperationDefinition/Claim-inquiry|2.0.1"],
            claim["operation"]!.AsArray().Select(o => (string?)o!["definition"]));
        Assert.Contains("Bearer", (string?)statement["rest"]![0]!["security"]!["description"]);
    }

    [Fact]
    public async Task Without_a_token_the_2_0_1_submit_is_refused()
    {
        using var registered = new TestClient();
        await using var server = SmartRequests.Server(registered);

        var response = await server.CreateClient().SendAsync(
            FhirRequests.Post(Pas201Client.Submit, PasRequests.LutatheraQualifying().Build().ToJsonString()), TestContext.Current.CancellationToken);

        await FhirAssert.OperationOutcome(response, HttpStatusCode.Unauthorized);
    }
}
