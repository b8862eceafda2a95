using FhirPriorAuth.Server.Storage;
using FhirPriorAuth.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FhirPriorAuth.Server.Tests.Pas;

/// <summary>
/// A submitter that lost the answer to its original request resends it after an update replaced that answer: it gets
/// the authorization as it now stands, not a second decision under a new number.
/// </summary>
public sealed class ResendAfterUpdateTests
{
    [Fact]
    public async Task Resending_the_original_after_an_update_returns_the_updated_authorization()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();
        var original = PasRequests.LutatheraUndocumented().Build().WithLine(2);
        var first = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, original.DeepClone().AsObject()));
        Assert.Equal(["A4", "A4"], PasClient.ActionCodes(first));
        var preAuthRef = (string)first["preAuthRef"]!;
        var update = PasRequests.LutatheraQualifying().Build().WithLine(2).UpdateOf(preAuthRef).Changed(1);
        var updated = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, update));
        var storedRequests = await StoredRequestCountAsync(server);

        var resent = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, original));

        Assert.Equal(preAuthRef, (string?)resent["preAuthRef"]);
        Assert.Equal(["A1", "A4"], PasClient.ActionCodes(resent));
        Assert.Equal((string?)updated["id"], (string?)resent["id"]);
        Assert.Equal(storedRequests, await StoredRequestCountAsync(server));
    }

    [Fact]
    public async Task Resending_the_original_after_two_updates_still_finds_the_authorization()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();
        var original = PasRequests.LutatheraQualifying().Build().WithLine(2);
        var first = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, original.DeepClone().AsObject()));
        var preAuthRef = (string)first["preAuthRef"]!;
        await PasClient.SubmitAsync(client, PasRequests.LutatheraQualifying().Build().WithLine(2).WithLine(3, "office visit").UpdateOf(preAuthRef));
        await PasClient.SubmitAsync(client, PasRequests.LutatheraQualifying().Build().WithLine(2).WithLine(3, "office visit").UpdateOf(preAuthRef).Cancelled(2));

        var resent = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, original));

        Assert.Equal(preAuthRef, (string?)resent["preAuthRef"]);
        Assert.Equal(["A1", "C", "NA"], PasClient.ActionCodes(resent));
    }

    private static async Task<int> StoredRequestCountAsync(FhirServerFactory server) =>
        (await server.Services.GetRequiredService<IResourceStore>().SearchAsync("Bundle",
            [new TokenCriterion("pas-kind", null, "submit-request")], 1000, TestContext.Current.CancellationToken)).Count;
}
