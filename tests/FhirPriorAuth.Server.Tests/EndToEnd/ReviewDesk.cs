using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Tests.Pas.Review;

namespace FhirPriorAuth.Server.Tests.EndToEnd;

/// <summary>A reviewer at the payer's UM desk: the work list, one task, a decision; always with the desk's own token.</summary>
internal sealed class ReviewDesk(PayerServer payer, string token)
{
    public const string ReviewerNpi = "1982345670";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The open tasks, due first.</summary>
    public async Task<JsonArray> OpenTasksAsync() =>
        (await ReviewClient.ReadAsync(await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/review/tasks")), HttpStatusCode.OK))["tasks"]!.AsArray();

    /// <summary>The open task for an authorization number (there must be exactly one).</summary>
    public async Task<string> TaskForAsync(string authorizationNumber) =>
        (string)Assert.Single(await OpenTasksAsync(), t => (string?)t!["authorizationNumber"] == authorizationNumber)!["id"]!;

    /// <summary>One task with the request, the answer so far, and the facts and criteria behind it.</summary>
    public async Task<JsonObject> OpenAsync(string taskId) =>
        await ReviewClient.ReadAsync(await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/review/tasks/" + taskId)), HttpStatusCode.OK);

    /// <summary>Approves the pended line (line 1) with the reviewer's reason, for a period or (none given) the policy's.</summary>
    public async Task<JsonObject> ApproveAsync(string taskId, string reason, (string Start, string End)? period = null)
    {
        object item = period is { } p
            ? new { sequence = 1, action = "approve", reason, period = new { start = p.Start, end = p.End } }
            : new { sequence = 1, action = "approve", reason };
        return await ReviewClient.ReadAsync(await DecideAsync(taskId, new
        {
            items = new[] { item },
            reviewer = new { npi = ReviewerNpi, specialty = "207RX0202X" },
        }), HttpStatusCode.OK);
    }

    public Task<HttpResponseMessage> DecideAsync(string taskId, object decision) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/review/tasks/{taskId}/decision")
        {
            Content = new StringContent(JsonSerializer.Serialize(decision), Encoding.UTF8, "application/json"),
        });

    private Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => payer.Http.SendAsync(SmartSystem.Authorized(request, token), Ct);
}
