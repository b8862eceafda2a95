using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Pas.Notifications;
using FhirPriorAuth.Server.Storage;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Server.Tests.Pas;
using Microsoft.Extensions.DependencyInjection;

namespace FhirPriorAuth.Server.Tests.Subscriptions;

/// <summary>Builds PAS Subscriptions, drives the Subscription API, and makes stored PAS responses change.</summary>
internal static class SubscriptionClient
{
    public const string Topic = "http://hl7.org/fhir/us/davinci-pas/SubscriptionTopic/PASSubscriptionTopic";
    public const string PayloadContentUrl = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-payload-content";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Auth off, retries and polling fast so the tests run quickly.</summary>
    public static Dictionary<string, string?> FastSettings(Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Auth:Enabled"] = "false",
            ["Subscriptions:FirstRetryDelay"] = "00:00:00.050",
            ["Subscriptions:MaxRetryDelay"] = "00:00:00.200",
            ["Subscriptions:PollInterval"] = "00:00:00.100",
            ["Subscriptions:DeliveryTimeout"] = "00:00:05",
        };
        foreach (var (key, value) in extra ?? [])
            settings[key] = value;
        return settings;
    }

    /// <summary>A PAS 2.2.1 Subscription (like the IG's PASSubscriptionExample, without its filter) to <paramref name="endpoint"/>.</summary>
    public static JsonObject Subscription(string endpoint, string content = "full-resource", params string[] headers)
    {
        var channel = new JsonObject
        {
            ["type"] = "rest-hook",
            ["endpoint"] = endpoint,
            ["payload"] = "application/fhir+json",
            ["_payload"] = new JsonObject
            {
                ["extension"] = new JsonArray(new JsonObject { ["url"] = PayloadContentUrl, ["valueCode"] = content }),
            },
        };
        if (headers.Length > 0)
            channel["header"] = new JsonArray([.. headers.Select(h => (JsonNode)JsonValue.Create(h))]);
        return new JsonObject
        {
            ["resourceType"] = "Subscription",
            ["status"] = "requested",
            ["reason"] = "Prior authorization results for our organization",
            ["criteria"] = Topic,
            ["channel"] = channel,
        };
    }

    /// <summary>
    /// The subscription with a filter criterion, e.g. <c>org-identifier=8189991234</c> (as the PAS test kit sends):
    /// only requests from that organization are notified. Without one, every request of the subscribing system is.
    /// </summary>
    public static JsonObject Filtered(JsonObject subscription, string criterion)
    {
        subscription["_criteria"] = new JsonObject
        {
            ["extension"] = new JsonArray(new JsonObject
            {
                ["url"] = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-filter-criteria",
                ["valueString"] = criterion,
            }),
        };
        return subscription;
    }

    public static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, JsonObject? body = null, string? token = null)
    {
        var request = body is null ? new HttpRequestMessage(method, path) : FhirRequests.Post(path, body.ToJsonString());
        request.Method = method;
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.SendAsync(request, Ct);
    }

    public static async Task<JsonObject> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<JsonObject> CreateAsync(HttpClient client, JsonObject subscription, string? token = null) =>
        await ReadAsync(await SendAsync(client, HttpMethod.Post, "/fhir/Subscription", subscription, token), HttpStatusCode.Created);

    /// <summary>Reads the subscription until it has <paramref name="status"/> (bounded at 30 s against hanging).</summary>
    public static async Task<JsonObject> WaitForStatusAsync(HttpClient client, string id, string status, string? token = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var subscription = await ReadAsync(await SendAsync(client, HttpMethod.Get, $"/fhir/Subscription/{id}", token: token), HttpStatusCode.OK);
            if ((string?)subscription["status"] == status)
                return subscription;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Subscription stayed {(string?)subscription["status"]}, expected {status}");
            await Task.Delay(50, Ct);
        }
    }

    /// <summary>Submits a pended PAS request and returns its stored response (id and Bundle).</summary>
    public static async Task<(string Id, JsonObject Bundle)> StoredPendedResponseAsync(FhirServerFactory server, HttpClient client)
    {
        await PasClient.SubmitAsync(client, PasRequests.LutatheraUndocumented().Build());
        var store = server.Services.GetRequiredService<IResourceStore>();
        var stored = await store.SearchAsync("Bundle", [new TokenCriterion("pas-kind", null, "submit-response")], 1, Ct);
        return (stored[0].Id, JsonNode.Parse(stored[0].Json!)!.AsObject());
    }

    /// <summary>Tells the notifier, inside a storage transaction, that the response changed (as a reviewer's decision would).</summary>
    public static Task ChangeAsync(FhirServerFactory server, (string Id, JsonObject Bundle) response, string submitter = "anonymous")
    {
        var store = server.Services.GetRequiredService<IResourceStore>();
        var notifier = server.Services.GetRequiredService<IClaimResponseNotifier>();
        var change = new ClaimResponseChange(response.Id, response.Bundle, submitter, "PA-TEST", DateTimeOffset.UtcNow);
        return store.InTransactionAsync(async (operations, ct) =>
        {
            await notifier.ClaimResponseChangedAsync(operations, change, ct);
            return true;
        }, Ct);
    }
}
