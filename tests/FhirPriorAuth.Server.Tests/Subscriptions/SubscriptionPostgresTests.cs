using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Server.Tests.Storage;
using static FhirPriorAuth.Server.Tests.Subscriptions.SubscriptionClient;

namespace FhirPriorAuth.Server.Tests.Subscriptions;

/// <summary>The outbox on PostgreSQL: concurrent changes get distinct event numbers, each delivered once; finished entries expire.</summary>
public sealed class SubscriptionPostgresTests
{
    [Fact]
    public async Task Concurrent_changes_on_PostgreSQL_are_numbered_one_to_n_and_each_delivered()
    {
        await using var database = await PostgresTarget.CreateAsync(TestContext.Current.CancellationToken);
        await using var listener = await NotificationListener.StartAsync();
        await using var server = new FhirServerFactory(FastSettings(new()
        {
            ["Storage:Provider"] = "postgres",
            ["Storage:ConnectionString"] = database.ConnectionString,
        }));
        var client = server.CreateClient();
        var id = (string)(await CreateAsync(client, Subscription(listener.Endpoint)))["id"]!;
        await WaitForStatusAsync(client, id, "active");
        var response = await StoredPendedResponseAsync(server, client);

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => ChangeAsync(server, response)));
        var numbers = new List<string>();
        for (var i = 0; i < 5; i++)
            numbers.Add((await listener.NextOfTypeAsync("event-notification")).EventPart("event-number")!);

        // Delivered in order, since a subscription's events go out one after another.
        Assert.Equal(["1", "2", "3", "4", "5"], numbers);
    }

    [Fact]
    public async Task Finished_notifications_are_removed_after_the_retention_period_on_PostgreSQL()
    {
        await using var database = await PostgresTarget.CreateAsync(TestContext.Current.CancellationToken);

        await OutboxRetention.FinishedEntriesAreRemovedAfterTheRetentionPeriodAsync(new()
        {
            ["Storage:Provider"] = "postgres",
            ["Storage:ConnectionString"] = database.ConnectionString,
        });
    }
}
