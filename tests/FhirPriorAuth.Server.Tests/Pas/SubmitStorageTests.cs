using System.Text.Json;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Tests.Infrastructure;

namespace FhirPriorAuth.Server.Tests.Pas;

/// <summary>Submissions are kept: a resend gets the same answer (also after a restart), a changed request a new one.</summary>
public sealed class SubmitStorageTests
{
    [Fact]
    public async Task Sending_the_same_request_again_returns_the_stored_answer()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();
        var request = PasRequests.LutatheraQualifying().Build();

        var first = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, request));
        // A resend carries a new Bundle timestamp; the request itself is unchanged.
        request["timestamp"] = "2026-03-02T12:00:00Z";
        var second = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, request));

        Assert.Equal((string?)first["id"], (string?)second["id"]);
        Assert.Equal((string?)first["preAuthRef"], (string?)second["preAuthRef"]);
    }

    [Fact]
    public async Task A_changed_request_under_the_same_identifier_is_decided_anew()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();

        var first = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, PasRequests.LutatheraUndocumented().Build()));
        var second = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, PasRequests.LutatheraQualifying().Build()));

        Assert.NotEqual((string?)first["preAuthRef"], (string?)second["preAuthRef"]);
        Assert.Equal(["A4"], PasClient.ActionCodes(first));
        Assert.Equal(["A1"], PasClient.ActionCodes(second));
    }

    [Fact]
    public async Task The_answer_survives_a_restart()
    {
        var data = Directory.CreateTempSubdirectory("fpa-pas-restart-").FullName;
        try
        {
            var settings = new Dictionary<string, string?> { ["Auth:Enabled"] = "false", ["Storage:DataDirectory"] = data };
            var request = PasRequests.LutatheraQualifying().Build();
            JsonObject before;
            await using (var server = new FhirServerFactory(settings))
                before = PasClient.ClaimResponse(await PasClient.SubmitAsync(server.CreateClient(), request));

            await using var restarted = new FhirServerFactory(settings);
            var after = PasClient.ClaimResponse(await PasClient.SubmitAsync(restarted.CreateClient(), request));

            Assert.Equal((string?)before["preAuthRef"], (string?)after["preAuthRef"]);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_Parameters_wrapping_the_Bundle_is_accepted()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var parameters = new JsonObject
        {
            ["resourceType"] = "Parameters",
            ["parameter"] = new JsonArray(new JsonObject { ["name"] = "resource", ["resource"] = PasRequests.LutatheraQualifying().Build() }),
        };

        var bundle = await PasClient.SubmitAsync(server.CreateClient(), parameters);

        Assert.Equal(["A1"], PasClient.ActionCodes(PasClient.ClaimResponse(bundle)));
    }

    [Fact]
    public async Task The_CapabilityStatement_lists_Claim_submit_and_inquire_by_the_PAS_definitions()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();

        var text = await server.CreateClient().GetStringAsync("/fhir/metadata", TestContext.Current.CancellationToken);

        var resources = JsonDocument.Parse(text).RootElement.GetProperty("rest")[0].GetProperty("resource").EnumerateArray();
        var claim = resources.Single(r => r.GetProperty("type").GetString() == "Claim");
        Assert.Contains(claim.GetProperty("operation").EnumerateArray(), o => o.GetProperty("name").GetString() == "submit"
            && o.GetProperty("definition").GetString() == "http://hl7.org/fhir/us/davinci-pas/OperationDefinition/Claim-submit");
        Assert.Contains(claim.GetProperty("operation").EnumerateArray(), o => o.GetProperty("name").GetString() == "inquire"
            && o.GetProperty("definition").GetString() == "http://hl7.org/fhir/us/davinci-pas/OperationDefinition/Claim-inquiry");
    }
}
