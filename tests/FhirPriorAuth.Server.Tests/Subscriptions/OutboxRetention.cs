using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Storage;
using FhirPriorAuth.Server.Subscriptions;
using FhirPriorAuth.Server.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static FhirPriorAuth.Server.Tests.Subscriptions.SubscriptionClient;

namespace FhirPriorAuth.Server.Tests.Subscriptions;

/// <summary>The outbox retention story, run on each storage backend by its own test class.</summary>
internal static class OutboxRetention
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Two notifications are delivered; one waits for a retry and one was given up, all written at the start. A month
    /// later the sender's loop removes the delivered and the given-up ones for good, keeps the waiting one, and the next
    /// change is numbered after the removed ones.
    /// </summary>
    public static async Task FinishedEntriesAreRemovedAfterTheRetentionPeriodAsync(Dictionary<string, string?>? storage = null)
    {
        var clock = new ShiftedClock();
        var start = clock.GetUtcNow();
        await using var listener = await NotificationListener.StartAsync();
        await using var server = new FhirServerFactory(FastSettings(storage), s => s.AddSingleton<TimeProvider>(clock));
        var client = server.CreateClient();
        var store = server.Services.GetRequiredService<IResourceStore>();
        var id = (string)(await CreateAsync(client, Subscription(listener.Endpoint)))["id"]!;
        await WaitForStatusAsync(client, id, "active");
        var response = await StoredPendedResponseAsync(server, client);
        await ChangeAsync(server, response);
        Assert.Equal("1", (await listener.NextOfTypeAsync("event-notification")).EventPart("event-number"));
        var delivered = await WaitForEntriesAsync(store, id, entries => entries.Count(e => e.Entry.State == OutboxEntry.Delivered) == 2);
        // As the sender leaves them: one waiting for a retry long after the test, one given up.
        var waiting = await AddAsync(store, new OutboxEntry(id, OutboxEntry.EventNotification, 1000, start, response.Id, response.Bundle,
            3, start.AddYears(10), OutboxEntry.Pending));
        await AddAsync(store, new OutboxEntry(id, OutboxEntry.EventNotification, 999, start, response.Id, null, 8, start, OutboxEntry.Abandoned));

        clock.Shift = TimeSpan.FromDays(31);
        var left = await WaitForEntriesAsync(store, id, entries => entries.Count == 1);

        Assert.Equal(waiting, left.Single().Id);
        Assert.Equal(OutboxEntry.Pending, left.Single().Entry.State);
        // Gone for good, not just deleted: no version of them is left.
        foreach (var (deliveredId, _) in delivered)
            Assert.Empty(await store.HistoryAsync(SubscriptionCodes.OutboxType, deliveredId, Ct));
        await ChangeAsync(server, response);
        var next = await listener.NextOfTypeAsync("event-notification");
        Assert.Equal("2", next.EventPart("event-number"));
        Assert.Equal("2", next.Parameter("events-since-subscription-start"));
    }

    private static async Task<string> AddAsync(IResourceStore store, OutboxEntry entry) =>
        (await store.CreateAsync(SubscriptionCodes.OutboxType, entry.ToJson(), entry.Tokens(), Ct)).Id;

    /// <summary>The subscription's outbox entries once <paramref name="done"/> holds (bounded at 30 s against hanging).</summary>
    public static async Task<List<(string Id, OutboxEntry Entry)>> WaitForEntriesAsync(IResourceStore store, string subscriptionId,
        Func<List<(string Id, OutboxEntry Entry)>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var found = await store.SearchAsync(SubscriptionCodes.OutboxType, [new TokenCriterion("subscription", null, subscriptionId)], 1000, Ct);
            var entries = found.Select(f => (f.Id, Entry: OutboxEntry.From(f))).ToList();
            if (done(entries))
                return entries;
            if (DateTime.UtcNow > deadline)
                Assert.Fail("The outbox holds " + string.Join(", ", entries.Select(e => $"{e.Entry.Type} {e.Entry.EventNumber} {e.Entry.State}")));
            await Task.Delay(50, Ct);
        }
    }
}

/// <summary>The real time, moved on by <see cref="Shift"/>: the sender compares its times with those a change carries (real ones).</summary>
internal sealed class ShiftedClock : TimeProvider
{
    public TimeSpan Shift { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Shift;
}

/// <summary>Delivered and given-up notifications leave the outbox after the retention period; pending ones never do.</summary>
public sealed class OutboxRetentionTests
{
    [Fact]
    public Task Finished_notifications_are_removed_after_the_retention_period_and_numbering_goes_on() =>
        OutboxRetention.FinishedEntriesAreRemovedAfterTheRetentionPeriodAsync();

    [Fact]
    public async Task With_a_retention_of_zero_days_finished_notifications_are_kept()
    {
        await using var listener = await NotificationListener.StartAsync();
        await using var server = new FhirServerFactory(FastSettings(new() { ["Subscriptions:DeliveredRetentionDays"] = "0" }));
        var client = server.CreateClient();
        var id = (string)(await CreateAsync(client, Subscription(listener.Endpoint)))["id"]!;
        await WaitForStatusAsync(client, id, "active");
        var store = server.Services.GetRequiredService<IResourceStore>();
        await OutboxRetention.WaitForEntriesAsync(store, id, entries => entries.Any(e => e.Entry.State == OutboxEntry.Delivered));

        var removed = await server.Services.GetRequiredService<OutboxPurge>().PurgeAsync(DateTimeOffset.UtcNow.AddYears(50), TestContext.Current.CancellationToken);

        Assert.Equal(0, removed);
        Assert.Single(await OutboxRetention.WaitForEntriesAsync(store, id, _ => true));
    }

    [Theory]
    [InlineData("-1", true)]
    [InlineData("36501", true)]
    [InlineData("0", false)]
    public void A_negative_or_absurd_retention_is_refused_at_start(string days, bool refused)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Subscriptions:DeliveredRetentionDays"] = days }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddSubscriptions();
        using var provider = services.BuildServiceProvider();

        var failure = Record.Exception(() => provider.GetRequiredService<IOptions<SubscriptionOptions>>().Value);

        Assert.Equal(refused, failure is OptionsValidationException);
        if (refused)
            Assert.Contains("DeliveredRetentionDays", failure!.Message, StringComparison.Ordinal);
    }
}
