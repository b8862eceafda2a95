using System.Net;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Storage;
using FhirPriorAuth.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FhirPriorAuth.Server.Tests.Pas;

/// <summary>More writes than the store takes on get an answer the client can act on, not a failure or a reset.</summary>
public sealed class SubmitOverloadTests
{
    [Fact]
    public async Task Given_a_full_write_queue_When_a_request_is_submitted_Then_it_is_answered_503_with_Retry_After_and_decided_when_sent_again()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = new FhirServerFactory(new Dictionary<string, string?>
        {
            ["Auth:Enabled"] = "false",
            ["Storage:WriteQueueCapacity"] = "1",
        });
        var client = server.CreateClient();
        var store = server.Services.GetRequiredService<IResourceStore>();
        var request = PasRequests.LutatheraQualifying().Build();

        // The writer is held inside one transaction and one more waits behind it: the queue (capacity 1) is full.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = store.InTransactionAsync(async (_, _) =>
        {
            started.SetResult();
            await release.Task;
            return 0;
        }, ct);
        await started.Task.WaitAsync(ct);
        var waiting = store.InTransactionAsync((_, _) => Task.FromResult(0), ct);

        var busy = await PasClient.PostAsync(client, request);
        var outcome = JsonNode.Parse(await busy.Content.ReadAsStringAsync(ct))!;

        release.SetResult();
        await holding;
        await waiting;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.True(busy.Headers.RetryAfter?.Delta > TimeSpan.Zero, "a Retry-After delay");
        Assert.Equal("OperationOutcome", (string?)outcome["resourceType"]);
        Assert.Equal("throttled", (string?)outcome["issue"]![0]!["code"]);

        // Nothing was stored for the refused request: sent again, it is decided.
        var answer = await PasClient.SubmitAsync(client, request);
        Assert.Equal(["A1"], PasClient.ActionCodes(PasClient.ClaimResponse(answer)));
    }
}
