using System.Net;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Server.Tests.Pas;
using static FhirPriorAuth.Server.Tests.Subscriptions.SubscriptionClient;

namespace FhirPriorAuth.Server.Tests.Subscriptions;

/// <summary>Handshake and event notifications reach a real rest-hook endpoint, with retries and across restarts.</summary>
public sealed class SubscriptionDeliveryTests
{
    [Fact]
    public async Task A_new_subscription_is_requested_then_active_after_the_handshake_reached_the_endpoint_with_its_header()
    {
        await using var listener = await NotificationListener.StartAsync();
        await using var server = new FhirServerFactory(FastSettings());
        var client = server.CreateClient();

        var created = await CreateAsync(client, Subscription(listener.Endpoint, "full-resource", "Authorization: Bearer hook-secret-123"));
        var handshake = await listener.NextAsync();
        var active = await WaitForStatusAsync(client, (string)created["id"]!, "active");

        Assert.Equal("requested", (string?)created["status"]);
        Assert.Equal("handshake", handshake.Type);
        Assert.Equal("Bearer hook-secret-123", handshake.Headers["Authorization"]);
        Assert.StartsWith("application/fhir+json", handshake.ContentType);
        Assert.Equal("history", (string?)handshake.Bundle["type"]);
        Assert.Equal("Parameters", (string?)handshake.Status["resourceType"]);
        Assert.EndsWith($"/fhir/Subscription/{created["id"]}", handshake.Parameter("subscription"));
        Assert.Equal(Topic, handshake.Parameter("topic"));
        Assert.Equal("0", handshake.Parameter("events-since-subscription-start"));
        Assert.Equal("active", (string?)active["status"]);
        Assert.DoesNotContain(server.Logs, line => line.Contains("hook-secret-123", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_changed_response_is_sent_full_resource_with_increasing_event_numbers()
    {
        await using var listener = await NotificationListener.StartAsync();
        await using var server = new FhirServerFactory(FastSettings());
        var client = server.CreateClient();
        var id = (string)(await CreateAsync(client, Subscription(listener.Endpoint, "full-resource", "X-Hook-Token: abc")))["id"]!;
        await WaitForStatusAsync(client, id, "active");
        var response = await StoredPendedResponseAsync(server, client);

        await ChangeAsync(server, response);
        var first = await listener.NextOfTypeAsync("event-notification");
        await ChangeAsync(server, response);
        var second = await listener.NextOfTypeAsync("event-notification");

        Assert.Equal("1", first.EventPart("event-number"));
        Assert.Equal("1", first.Parameter("events-since-subscription-start"));
        Assert.Equal("abc", first.Headers["X-Hook-Token"]);
        // The IG's notification shape: the focus is the whole PAS Response Bundle, included as the second entry.
        var focus = first.EventPart("focus");
        Assert.Equal(focus, (string?)first.Bundle["entry"]![1]!["fullUrl"]);
        var included = first.Bundle["entry"]![1]!["resource"]!.AsObject();
        Assert.Equal("Bundle", (string?)included["resourceType"]);
        Assert.Equal(response.Id, (string?)included["id"]);
        Assert.Equal(["A4"], PasClient.ActionCodes(PasClient.ClaimResponse(included)));
        Assert.Equal("2", second.EventPart("event-number"));

        var status = await ReadAsync(await SendAsync(client, HttpMethod.Get, $"/fhir/Subscription/{id}/$status"), HttpStatusCode.OK);
        var parameters = new ReceivedNotification(null, new Dictionary<string, string>(), status);
        Assert.Equal("searchset", (string?)status["type"]);
        Assert.Equal("2", parameters.Parameter("events-since-subscription-start"));
        Assert.Equal("query-status", parameters.Type);
        Assert.Equal("active", parameters.Parameter("status"));
    }

    [Fact]
    public async Task An_id_only_subscription_gets_only_a_reference_to_the_ClaimResponse()
    {
        await using var listener = await NotificationListener.StartAsync();
        await using var server = new FhirServerFactory(FastSettings());
        var client = server.CreateClient();
        var id = (string)(await CreateAsync(client, Subscription(listener.Endpoint, "id-only")))["id"]!;
        await WaitForStatusAsync(client, id, "active");
        var response = await StoredPendedResponseAsync(server, client);

        await ChangeAsync(server, response);
        var notification = await listener.NextOfTypeAsync("event-notification");

        var claimResponseId = (string?)PasClient.ClaimResponse(response.Bundle)["id"];
        Assert.EndsWith($"/fhir/ClaimResponse/{claimResponseId}", notification.EventPart("focus"));
        Assert.Single(notification.Bundle["entry"]!.AsArray());
    }

    [Fact]
    public async Task An_endpoint_failing_twice_gets_the_event_again_with_the_same_number_and_then_the_next_one()
    {
        await using var listener = await NotificationListener.StartAsync();
        await using var server = new FhirServerFactory(FastSettings());
        var client = server.CreateClient();
        var id = (string)(await CreateAsync(client, Subscription(listener.Endpoint)))["id"]!;
        await listener.NextAsync();
        await WaitForStatusAsync(client, id, "active");
        var response = await StoredPendedResponseAsync(server, client);

        listener.AnswerNext(500, 500);
        await ChangeAsync(server, response);
        var attempts = new[] { await listener.NextAsync(), await listener.NextAsync(), await listener.NextAsync() };
        await ChangeAsync(server, response);
        var next = await listener.NextAsync();

        Assert.All(attempts, a => Assert.Equal("1", a.EventPart("event-number")));
        // Delivered once: after the 200 the sender moved on; the next thing the endpoint sees is event 2.
        Assert.Equal("2", next.EventPart("event-number"));
        Assert.Equal("active", (string?)(await WaitForStatusAsync(client, id, "active"))["status"]);
    }

    [Fact]
    public async Task An_endpoint_that_keeps_failing_puts_the_subscription_in_error()
    {
        await using var listener = await NotificationListener.StartAsync();
        await using var server = new FhirServerFactory(FastSettings(new() { ["Subscriptions:MaxAttempts"] = "3" }));
        var client = server.CreateClient();
        var id = (string)(await CreateAsync(client, Subscription(listener.Endpoint)))["id"]!;
        await WaitForStatusAsync(client, id, "active");
        var response = await StoredPendedResponseAsync(server, client);

        listener.Down = true;
        await ChangeAsync(server, response);
        var failed = await WaitForStatusAsync(client, id, "error");

        Assert.Contains("503", (string?)failed["error"]);
    }

    [Fact]
    public async Task A_failed_handshake_puts_the_subscription_in_error_and_an_update_tries_again()
    {
        await using var listener = await NotificationListener.StartAsync();
        await using var server = new FhirServerFactory(FastSettings());
        var client = server.CreateClient();
        listener.AnswerNext(404);
        var subscription = Subscription(listener.Endpoint);
        var id = (string)(await CreateAsync(client, subscription))["id"]!;
        await WaitForStatusAsync(client, id, "error");

        subscription["id"] = id;
        var updated = await ReadAsync(await SendAsync(client, HttpMethod.Put, $"/fhir/Subscription/{id}", subscription), HttpStatusCode.OK);

        Assert.Equal("requested", (string?)updated["status"]);
        await WaitForStatusAsync(client, id, "active");
    }

    [Fact]
    public async Task A_subscription_with_a_heartbeat_period_gets_heartbeats_while_nothing_happens()
    {
        await using var listener = await NotificationListener.StartAsync();
        await using var server = new FhirServerFactory(FastSettings());
        var client = server.CreateClient();
        var subscription = Subscription(listener.Endpoint);
        subscription["channel"]!["extension"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
        {
            ["url"] = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-heartbeat-period",
            ["valueUnsignedInt"] = 1,
        });
        var id = (string)(await CreateAsync(client, subscription))["id"]!;

        var heartbeat = await listener.NextOfTypeAsync("heartbeat");

        Assert.EndsWith($"/Subscription/{id}", heartbeat.Parameter("subscription"));
        Assert.Equal("active", heartbeat.Parameter("status"));
        Assert.Null(heartbeat.Event);
    }

    [Fact]
    public async Task An_undelivered_notification_is_delivered_after_a_restart()
    {
        var data = Directory.CreateTempSubdirectory("fpa-subs-restart-").FullName;
        try
        {
            await using var listener = await NotificationListener.StartAsync();
            var settings = FastSettings(new() { ["Storage:DataDirectory"] = data, ["Subscriptions:MaxAttempts"] = "100", ["Subscriptions:DeliveryTimeout"] = "00:00:01" });
            string id;
            await using (var server = new FhirServerFactory(settings))
            {
                var client = server.CreateClient();
                id = (string)(await CreateAsync(client, Subscription(listener.Endpoint)))["id"]!;
                await WaitForStatusAsync(client, id, "active");
                var response = await StoredPendedResponseAsync(server, client);
                listener.Down = true;
                await ChangeAsync(server, response);
                Assert.Equal("1", (await listener.NextOfTypeAsync("event-notification")).EventPart("event-number"));
            }

            listener.Drain(); // attempts made before the restart
            listener.Down = false;
            await using var restarted = new FhirServerFactory(settings);
            var restartedClient = restarted.CreateClient(); // starts the server and with it the sender
            var delivered = await listener.NextOfTypeAsync("event-notification");

            Assert.Equal("1", delivered.EventPart("event-number"));
            Assert.Equal("active", (string?)(await WaitForStatusAsync(restartedClient, id, "active"))["status"]);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
