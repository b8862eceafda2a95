using System.Net;
using System.Security.Claims;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Auth;
using FhirPriorAuth.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static FhirPriorAuth.Server.Tests.Subscriptions.SubscriptionClient;

namespace FhirPriorAuth.Server.Tests.Subscriptions;

/// <summary>The Subscription API: each client sees only its own subscriptions; unsupported ones are refused with their location.</summary>
public sealed class SubscriptionApiTests
{
    [Fact]
    public async Task Another_client_can_neither_see_nor_change_nor_delete_a_subscription_nor_receive_its_events()
    {
        await using var listener = await NotificationListener.StartAsync();
        await using var server = TwoClientServer();
        var http = server.CreateClient();
        var id = (string)(await CreateAsync(http, Subscription(listener.Endpoint), "client-a"))["id"]!;
        await WaitForStatusAsync(http, id, "active", "client-a");
        var path = $"/fhir/Subscription/{id}";

        var read = await SendAsync(http, HttpMethod.Get, path, token: "client-b");
        var status = await SendAsync(http, HttpMethod.Get, path + "/$status", token: "client-b");
        var update = await SendAsync(http, HttpMethod.Put, path, Subscription(listener.Endpoint, "id-only"), "client-b");
        var delete = await SendAsync(http, HttpMethod.Delete, path, token: "client-b");
        var search = await ReadAsync(await SendAsync(http, HttpMethod.Get, "/fhir/Subscription", token: "client-b"), HttpStatusCode.OK);
        var own = await ReadAsync(await SendAsync(http, HttpMethod.Get, "/fhir/Subscription", token: "client-a"), HttpStatusCode.OK);

        await FhirAssert.OperationOutcome(read, HttpStatusCode.NotFound);
        await FhirAssert.OperationOutcome(status, HttpStatusCode.NotFound);
        await FhirAssert.OperationOutcome(update, HttpStatusCode.NotFound);
        await FhirAssert.OperationOutcome(delete, HttpStatusCode.NotFound);
        Assert.Equal(0, (int)search["total"]!);
        Assert.Equal(id, (string?)own["entry"]![0]!["resource"]!["id"]);
        Assert.Equal("full-resource", (string?)(await WaitForStatusAsync(http, id, "active", "client-a"))["channel"]!["_payload"]!["extension"]![0]!["valueCode"]);

        // Requests submitted by client-b are not client-a's business: the first event client-a's endpoint sees is its own.
        var response = (Id: "b-response", Bundle: new JsonObject { ["resourceType"] = "Bundle", ["entry"] = new JsonArray() });
        await ChangeAsync(server, response, submitter: "client-b");
        await ChangeAsync(server, (Id: "a-response", response.Bundle), submitter: "client-a");
        var received = await listener.NextOfTypeAsync("event-notification");
        Assert.Equal("1", received.EventPart("event-number"));
        Assert.EndsWith("/Bundle/a-response", received.EventPart("focus"));
    }

    [Fact]
    public async Task The_owner_deletes_its_subscription_and_it_is_gone()
    {
        await using var listener = await NotificationListener.StartAsync();
        await using var server = new FhirServerFactory(FastSettings());
        var http = server.CreateClient();
        var id = (string)(await CreateAsync(http, Subscription(listener.Endpoint)))["id"]!;

        var deleted = await SendAsync(http, HttpMethod.Delete, $"/fhir/Subscription/{id}");
        var read = await SendAsync(http, HttpMethod.Get, $"/fhir/Subscription/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await FhirAssert.OperationOutcome(read, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("criteria", "http://example.org/SubscriptionTopic/other", 422, "Subscription.criteria")]
    [InlineData("channel.type", "websocket", 422, "Subscription.channel.type")]
    [InlineData("channel.endpoint", "ftp://127.0.0.1/hook", 400, "Subscription.channel.endpoint")]
    [InlineData("channel.endpoint", "http://subscriber.example.org/hook", 422, "Subscription.channel.endpoint")]
    [InlineData("channel.payload", "application/xml", 422, "Subscription.channel.payload")]
    [InlineData("content", "everything", 422, "Subscription.channel.payload.extension.where(url='http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-payload-content').value")]
    [InlineData("channel.header", "no colon secret-value", 400, "Subscription.channel.header[0]")]
    [InlineData("filter", "patient=123", 422, "Subscription.criteria.extension.where(url='http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-filter-criteria').value")]
    public async Task An_unsupported_subscription_is_refused_at_its_location(string part, string value, int status, string expression)
    {
        await using var server = new FhirServerFactory(FastSettings());
        var subscription = Subscription("http://127.0.0.1:9/hook");
        switch (part)
        {
            case "criteria": subscription["criteria"] = value; break;
            case "channel.type": subscription["channel"]!["type"] = value; break;
            case "channel.endpoint": subscription["channel"]!["endpoint"] = value; break;
            case "channel.payload": subscription["channel"]!["payload"] = value; break;
            case "content": subscription["channel"]!["_payload"]!["extension"]![0]!["valueCode"] = value; break;
            case "channel.header": subscription["channel"]!["header"] = new JsonArray(value); break;
            case "filter": Filtered(subscription, value); break;
        }

        var response = await SendAsync(server.CreateClient(), HttpMethod.Post, "/fhir/Subscription", subscription);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var outcome = await FhirAssert.OperationOutcome(response, (HttpStatusCode)status);

        Assert.Contains(expression, FhirAssert.Expressions(outcome));
        Assert.DoesNotContain("secret-value", text);
    }

    [Theory]
    [InlineData("criteria", "5")]
    [InlineData("channel", "\"rest-hook\"")]
    [InlineData("channel.type", "{}")]
    [InlineData("channel.header", "[1]")]
    [InlineData("channel.header", "[\"Authorization: Bearer caf\u00e9\"]")]
    [InlineData("filter", "{\"url\":\"http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-filter-criteria\",\"valueString\":7}")]
    public async Task A_subscription_with_wrongly_typed_parts_is_a_400_not_a_server_error(string part, string json)
    {
        await using var server = new FhirServerFactory(FastSettings());
        var subscription = Subscription("http://127.0.0.1:9/hook");
        var value = JsonNode.Parse(json);
        switch (part)
        {
            case "criteria": subscription["criteria"] = value; break;
            case "channel": subscription["channel"] = value; break;
            case "channel.type": subscription["channel"]!["type"] = value; break;
            case "channel.header": subscription["channel"]!["header"] = value; break;
            case "filter": subscription["_criteria"] = new JsonObject { ["extension"] = new JsonArray(value) }; break;
        }

        var response = await SendAsync(server.CreateClient(), HttpMethod.Post, "/fhir/Subscription", subscription);

        await FhirAssert.OperationOutcome(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_subscription_without_channel_endpoint_and_topic_gets_every_problem_in_one_400()
    {
        await using var server = new FhirServerFactory(FastSettings());
        var subscription = Subscription("http://127.0.0.1:9/hook");
        subscription.Remove("criteria");
        subscription["channel"]!.AsObject().Remove("endpoint");

        var response = await SendAsync(server.CreateClient(), HttpMethod.Post, "/fhir/Subscription", subscription);
        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.BadRequest);

        Assert.Equal(["Subscription.criteria", "Subscription.channel.endpoint"], FhirAssert.Expressions(outcome));
    }

    [Fact]
    public async Task The_CapabilityStatement_declares_Subscription_create_update_delete_status_and_the_PAS_topic()
    {
        await using var server = new FhirServerFactory(FastSettings());
        var statement = await ReadAsync(await SendAsync(server.CreateClient(), HttpMethod.Get, "/fhir/metadata"), HttpStatusCode.OK);

        var subscription = statement["rest"]![0]!["resource"]!.AsArray().Single(r => (string?)r!["type"] == "Subscription")!;
        var interactions = subscription["interaction"]!.AsArray().Select(i => (string)i!["code"]!).ToList();
        Assert.Contains("create", interactions);
        Assert.Contains("update", interactions);
        Assert.Contains("delete", interactions);
        Assert.Equal("http://hl7.org/fhir/uv/subscriptions-backport/OperationDefinition/backport-subscription-status",
            (string?)subscription["operation"]![0]!["definition"]);
        Assert.Equal(Topic, (string?)subscription["extension"]![0]!["valueCanonical"]);
    }

    [Fact]
    public void Subscription_scopes_follow_the_REST_letters_and_status_is_a_read()
    {
        Assert.Equal("system/Subscription.c", FhirScopes.Required("POST", "/fhir/Subscription")!.ToString());
        Assert.Equal("system/Subscription.u", FhirScopes.Required("PUT", "/fhir/Subscription/1")!.ToString());
        Assert.Equal("system/Subscription.d", FhirScopes.Required("DELETE", "/fhir/Subscription/1")!.ToString());
        Assert.Equal("system/Subscription.r", FhirScopes.Required("GET", "/fhir/Subscription/1/$status")!.ToString());
    }

    /// <summary>Auth on; the bearer token is the client id (a stand-in validator; token issuance is tested elsewhere).</summary>
    private static FhirServerFactory TwoClientServer() =>
        new(FastSettings(new() { ["Auth:Enabled"] = "true" }),
            services => services.AddSingleton<IAccessTokenValidator>(new ClientIdTokens()));

    private sealed class ClientIdTokens : IAccessTokenValidator
    {
        public Task<ClaimsPrincipal?> ValidateAsync(string accessToken, CancellationToken cancellationToken) =>
            Task.FromResult<ClaimsPrincipal?>(accessToken is "client-a" or "client-b"
                ? new ClaimsPrincipal(new ClaimsIdentity(
                    [new Claim(AccessTokens.ClientIdClaim, accessToken), new Claim(AccessTokens.ScopeClaim, "system/Subscription.cruds system/Claim.c")],
                    "Bearer", AccessTokens.ClientIdClaim, null))
                : null);
    }
}
