using System.Net;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Testing;

namespace FhirPriorAuth.Server.Tests.Pas;

/// <summary>$inquire finds a provider's stored answers for a member, as a Parameters of Response Bundles (PAS 2.2.1).</summary>
public sealed class InquireTests
{
    private const string Inquire = "/fhir/Claim/$inquire";
    private const string AuthorizationNumber = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-authorizationNumber";

    [Fact]
    public async Task An_inquiry_for_the_member_returns_the_stored_answer()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();
        var submitted = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, PasRequests.LutatheraQualifying().Build()));

        var answers = await InquireAsync(client, PasRequests.LutatheraQualifying().Build());

        var found = Assert.Single(answers);
        Assert.Equal((string?)submitted["preAuthRef"], (string?)PasClient.ClaimResponse(found)["preAuthRef"]);
    }

    [Fact]
    public async Task An_inquiry_naming_another_authorization_number_finds_nothing()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();
        await PasClient.SubmitAsync(client, PasRequests.LutatheraQualifying().Build());
        var inquiry = PasRequests.LutatheraQualifying().Build();
        var claim = inquiry["entry"]![0]!["resource"]!.AsObject();
        claim["extension"] = new JsonArray(new JsonObject { ["url"] = AuthorizationNumber, ["valueString"] = "PA-NOT-OURS" });

        Assert.Empty(await InquireAsync(client, inquiry));
    }

    [Fact]
    public async Task The_test_kit_empty_bundle_is_refused()
    {
        var path = SharedData.PathTo("conformance", "pas", "nonconformant_pas_bundle.json");
        Assert.SkipWhen(path is null, SharedData.MissingMessage);
        await using var server = FhirServerFactory.WithAuthDisabled();

        var response = await server.CreateClient().SendAsync(
            FhirRequests.Post(Inquire, await File.ReadAllTextAsync(path!, TestContext.Current.CancellationToken)), TestContext.Current.CancellationToken);

        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.BadRequest);
        Assert.NotEmpty(FhirAssert.Expressions(outcome));
    }

    private static async Task<IReadOnlyList<JsonObject>> InquireAsync(HttpClient client, JsonObject inquiry)
    {
        var response = await client.SendAsync(FhirRequests.Post(Inquire, inquiry.ToJsonString()), TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var parameters = JsonNode.Parse(text)!.AsObject();
        Assert.Equal("Parameters", (string?)parameters["resourceType"]);
        return [.. (parameters["parameter"] as JsonArray ?? []).Select(p => p!["resource"]!.AsObject())];
    }
}
