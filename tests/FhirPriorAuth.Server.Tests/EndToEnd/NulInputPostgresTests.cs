using FhirPriorAuth.Server.Tests.Pas;

namespace FhirPriorAuth.Server.Tests.EndToEnd;

/// <summary>
/// PostgreSQL text cannot hold NUL, yet a Claim identifier is whatever the submitter sent: a NUL in it is answered
/// and stored like any other request (no 500), and an identical resend finds the stored answer.
/// </summary>
public sealed class NulInputPostgresTests
{
    [Fact]
    public async Task On_PostgreSQL_a_Claim_identifier_with_NUL_is_decided_stored_and_found_again()
    {
        await using var payer = await PayerServer.OnPostgresAsync();
        var ehr = await payer.EhrSignsInAsync();
        var request = PasRequests.LutatheraQualifying().Build();
        ClaimUpdates.Claim(request)["identifier"] = new System.Text.Json.Nodes.JsonArray(
            new System.Text.Json.Nodes.JsonObject { ["system"] = "http://ehr.example.org/pas-request", ["value"] = "req-\u0000-1" });

        var first = await ehr.SubmitAsync(request);
        var resent = await ehr.SubmitAsync(request);

        Assert.Equal(["A1"], PasClient.ActionCodes(first));
        Assert.Equal(PasStories.AuthorizationNumber(first), PasStories.AuthorizationNumber(resent));
    }
}
