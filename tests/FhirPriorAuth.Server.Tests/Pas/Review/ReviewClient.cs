using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Auth;
using FhirPriorAuth.Server.Pas.Notifications;
using FhirPriorAuth.Server.Storage;
using FhirPriorAuth.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FhirPriorAuth.Server.Tests.Pas.Review;

/// <summary>Calls the reviewer API and reads its answers.</summary>
internal static class ReviewClient
{
    /// <summary>The day the test requests are sent (three days before their date of service).</summary>
    public static readonly DateTimeOffset Submitted = new(2026, 2, 27, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A server with auth off, a clock the test moves, and the notifier recording what it is told.</summary>
    public static FhirServerFactory Server(SettableClock clock, RecordingNotifier? notifier = null,
        Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?> { ["Auth:Enabled"] = "false" };
        foreach (var (key, value) in settings ?? [])
            all[key] = value;
        return new FhirServerFactory(all, services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            if (notifier is not null)
                services.AddSingleton<IClaimResponseNotifier>(notifier);
        });
    }

    public static async Task<JsonArray> ListAsync(HttpClient client, string? status = null)
    {
        var response = await client.GetAsync("/review/tasks" + (status is null ? "" : "?status=" + status), Ct);
        return (await ReadAsync(response, HttpStatusCode.OK))["tasks"]!.AsArray();
    }

    public static async Task<JsonObject> GetAsync(HttpClient client, string id) =>
        await ReadAsync(await client.GetAsync("/review/tasks/" + id, Ct), HttpStatusCode.OK);

    public static Task<HttpResponseMessage> DecideAsync(HttpClient client, string id, object decision) =>
        client.PostAsync($"/review/tasks/{id}/decision",
            new StringContent(System.Text.Json.JsonSerializer.Serialize(decision), Encoding.UTF8, "application/json"), Ct);

    public static object Approve(int sequence = 1, string? reason = null) =>
        new { items = new[] { new { sequence, action = "approve", reason } }, reviewer = new { npi = "1982345670", specialty = "207RX0202X" } };

    public static object Deny(int sequence = 1, string? reason = "The tumour is not SSTR-positive on the imaging provided.") =>
        new { items = new[] { new { sequence, action = "deny", reason } }, reviewer = new { npi = "1982345670" } };

    public static async Task<JsonObject> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Submits a request that pends and returns the single open review task's summary.</summary>
    public static async Task<JsonObject> PendAsync(HttpClient client, JsonObject request)
    {
        var answer = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, request));
        Assert.Equal(new[] { "A4" }, PasClient.ActionCodes(answer));
        var open = await ListAsync(client);
        return Assert.Single(open, t => (string?)t!["authorizationNumber"] == (string?)answer["preAuthRef"])!.AsObject();
    }

    /// <summary>Every stored resource of a type, parsed.</summary>
    public static async Task<List<JsonObject>> StoredAsync(FhirServerFactory server, string type, params TokenCriterion[] criteria)
    {
        var store = server.Services.GetRequiredService<IResourceStore>();
        var found = await store.SearchAsync(type, criteria, 1000, Ct);
        return [.. found.Where(f => f.Json is not null).Select(f => JsonNode.Parse(f.Json!)!.AsObject())];
    }

    public static HttpRequestMessage WithToken(HttpRequestMessage request, string token)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}

/// <summary>A clock the test sets and moves.</summary>
internal sealed class SettableClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>Records every change it is told about.</summary>
internal sealed class RecordingNotifier : IClaimResponseNotifier
{
    public List<ClaimResponseChange> Changes { get; } = [];

    public Task ClaimResponseChangedAsync(IResourceOperations operations, ClaimResponseChange change, CancellationToken cancellationToken)
    {
        lock (Changes)
            Changes.Add(change);
        return Task.CompletedTask;
    }
}

/// <summary>Accepts any token "client:scope scope…" as that client holding those scopes.</summary>
internal sealed class ScopedTokens : IAccessTokenValidator
{
    public static string Token(string client, string scopes) => client + ":" + scopes.Replace(' ', '+');

    public Task<ClaimsPrincipal?> ValidateAsync(string accessToken, CancellationToken cancellationToken)
    {
        var colon = accessToken.IndexOf(':', StringComparison.Ordinal);
        return Task.FromResult<ClaimsPrincipal?>(colon <= 0 ? null : new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(AccessTokens.ClientIdClaim, accessToken[..colon]), new Claim(AccessTokens.ScopeClaim, accessToken[(colon + 1)..].Replace('+', ' '))],
            "test", AccessTokens.ClientIdClaim, null)));
    }
}
