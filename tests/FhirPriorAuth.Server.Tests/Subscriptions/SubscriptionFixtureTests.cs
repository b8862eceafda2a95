using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Testing;
using static FhirPriorAuth.Server.Tests.Subscriptions.SubscriptionClient;

namespace FhirPriorAuth.Server.Tests.Subscriptions;

/// <summary>The PAS test kit's own Subscription (the shape a conformant PAS client sends) is accepted and goes active.</summary>
public sealed class SubscriptionFixtureTests
{
    [Fact]
    public async Task The_test_kits_subscription_is_accepted_and_active_after_the_handshake()
    {
        var file = SharedData.PathTo("conformance", "pas", "PAS_Subscription_example_v221_good.json");
        Assert.SkipWhen(file is null, SharedData.MissingMessage);
        var subscription = JsonNode.Parse(await File.ReadAllTextAsync(file!, TestContext.Current.CancellationToken))!.AsObject();
        await using var listener = await NotificationListener.StartAsync();
        // Only the endpoint changes: the kit's points at a public test host, this one at a listener in the test.
        subscription["channel"]!["endpoint"] = listener.Endpoint;
        await using var server = new FhirServerFactory(FastSettings());
        var client = server.CreateClient();

        var created = await CreateAsync(client, subscription);
        var handshake = await listener.NextAsync();
        var active = await WaitForStatusAsync(client, (string)created["id"]!, "active");

        Assert.Equal("handshake", handshake.Type);
        Assert.Equal(Topic, handshake.Parameter("topic"));
        Assert.Equal("active", (string?)active["status"]);
        Assert.Equal("org-identifier=8189991234", (string?)active["_criteria"]!["extension"]![0]!["valueString"]);
    }
}
