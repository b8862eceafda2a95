using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.FhirApi;
using FhirPriorAuth.Server.Storage;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.Subscriptions;

/// <summary>
/// Delivers the outbox: each pass reads the pending notifications and, per subscription, POSTs the first one (a
/// handshake, else the lowest event number) when it is due, so a subscriber sees its events in order and a failing
/// one holds back the later ones. Before sending, the
/// entry is leased (a versioned update), so two server instances never send the same entry at once. 2xx marks it
/// delivered; a failure schedules a retry with exponential backoff until <see cref="SubscriptionOptions.MaxAttempts"/>,
/// then the subscription goes to error. A failed handshake puts the subscription in error at once.
/// Finished entries are removed after <see cref="SubscriptionOptions.DeliveredRetentionDays"/> (<see cref="OutboxPurge"/>).
/// Logs name the subscription, the notification type and event number, never the content, endpoint or header values.
/// </summary>
internal sealed class NotificationSender(
    IResourceStore store,
    IHttpClientFactory httpClients,
    OutboxSignal signal,
    OutboxPurge purge,
    IOptionsMonitor<SubscriptionOptions> options,
    TimeProvider clock,
    ILogger<NotificationSender> logger) : BackgroundService
{
    public const string HttpClientName = "subscription-notifications";
    private const int PassSize = 1000;
    private const int BacklogLimit = 10_000;

    // When each subscription was last sent something (in memory: after a restart the period starts again).
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastSent = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // At most once an hour; only finished entries, so it never races with the sending below.
                await purge.MaybeRunAsync(stoppingToken);
                await DeliverDueAsync(stoppingToken);
                await SendHeartbeatsAsync(stoppingToken);
                await signal.WaitAsync(options.CurrentValue.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // A storage hiccup must not stop delivery for good; the outbox keeps everything for the next pass.
                logger.LogWarning(exception, "Notification delivery pass failed");
                await Task.Delay(options.CurrentValue.PollInterval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task DeliverDueAsync(CancellationToken cancellationToken)
    {
        var pending = await store.SearchAsync(SubscriptionCodes.OutboxType, OutboxEntry.PendingCriteria, PassSize, cancellationToken);
        var work = new List<Task>();
        foreach (var group in pending.GroupBy(stored => OutboxEntry.From(stored).SubscriptionId))
        {
            // A full page may hold only part of a subscription's backlog: read all of it, so its first entry is really first.
            var entries = pending.Count < PassSize
                ? [.. group]
                : await store.SearchAsync(SubscriptionCodes.OutboxType, OutboxEntry.PendingOf(group.Key), BacklogLimit, cancellationToken);
            work.Add(DeliverNextAsync(group.Key, [.. InOrder(entries)], cancellationToken));
        }
        await Task.WhenAll(work);
    }

    /// <summary>Active subscriptions with a heartbeat period get a heartbeat when nothing was sent to them for that long.</summary>
    private async Task SendHeartbeatsAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var active = await store.SearchAsync(SubscriptionRecord.ResourceType, SubscriptionRecord.Active, BacklogLimit, cancellationToken);
        var work = new List<Task>();
        foreach (var stored in active)
        {
            var subscription = SubscriptionRecord.From(stored);
            SubscriptionChannel channel;
            try
            {
                channel = subscription.Channel(settings);
            }
            catch (FhirRequestException)
            {
                continue; // the next event delivery puts it in error
            }
            var now = clock.GetUtcNow();
            if (channel.HeartbeatPeriod is not { } period || now - _lastSent.GetOrAdd(stored.Id, now) < period)
                continue;
            _lastSent[stored.Id] = now;
            work.Add(SendHeartbeatAsync(stored.Id, subscription, channel, settings, cancellationToken));
        }
        await Task.WhenAll(work);
    }

    private async Task SendHeartbeatAsync(string id, SubscriptionRecord subscription, SubscriptionChannel channel, SubscriptionOptions settings, CancellationToken cancellationToken)
    {
        var events = await EventCounter.CountAsync(store, subscription.CounterId, cancellationToken);
        var heartbeat = OutboxEntry.NewHeartbeat(id, clock.GetUtcNow());
        var bundle = NotificationBundle.Build(id, subscription, channel.Content, heartbeat, events, heartbeat.At);
        var failure = await PostAsync(channel, bundle, Timeout(channel, settings), cancellationToken);
        if (failure is not null)
            logger.LogWarning("Heartbeat for Subscription/{SubscriptionId} failed ({Failure})", id, failure);
    }

    private static TimeSpan Timeout(SubscriptionChannel channel, SubscriptionOptions settings) =>
        channel.Timeout is { } asked && asked < settings.DeliveryTimeout ? asked : settings.DeliveryTimeout;

    // A pending handshake goes first (events wait while the subscription is requested), then events by number.
    private static IEnumerable<(StoredResource Stored, OutboxEntry Entry)> InOrder(IEnumerable<StoredResource> entries) =>
        entries.Select(stored => (Stored: stored, Entry: OutboxEntry.From(stored)))
            .OrderBy(e => e.Entry.Type == OutboxEntry.Handshake ? 0 : 1).ThenBy(e => e.Entry.EventNumber).ThenBy(e => e.Entry.At);

    private async Task DeliverNextAsync(string subscriptionId, List<(StoredResource Stored, OutboxEntry Entry)> entries, CancellationToken cancellationToken)
    {
        var storedSubscription = await store.ReadAsync(SubscriptionRecord.ResourceType, subscriptionId, cancellationToken);
        var subscription = storedSubscription is { IsDeleted: false } ? SubscriptionRecord.From(storedSubscription) : null;
        if (subscription is null || subscription.Status is SubscriptionStatus.Error or SubscriptionStatus.Off)
        {
            // Deleted or stopped: nothing is sent any more (an update re-activates it with a new handshake).
            foreach (var (stored, entry) in entries)
                await FinishAsync(stored.Id, stored.VersionId, entry with { State = OutboxEntry.Abandoned }, cancellationToken);
            return;
        }
        var (storedEntry, head) = entries[0];
        // Requested: events wait for the handshake, which an update queued ahead of them.
        if (head.NextAttempt <= clock.GetUtcNow() && (head.Type == OutboxEntry.Handshake || subscription.Status == SubscriptionStatus.Active))
            await AttemptAsync(storedEntry, head, storedSubscription!, subscription, cancellationToken);
    }

    private async Task AttemptAsync(StoredResource storedEntry, OutboxEntry entry, StoredResource storedSubscription, SubscriptionRecord subscription, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        SubscriptionChannel channel;
        try
        {
            channel = subscription.Channel(settings);
        }
        catch (FhirRequestException)
        {
            // Stored before a configuration change made it unacceptable (e.g. an http endpoint no longer allowed).
            await FailSubscriptionAsync(storedSubscription, subscription, "The channel is no longer accepted by this server", cancellationToken);
            await FinishAsync(storedEntry.Id, storedEntry.VersionId, entry with { State = OutboxEntry.Abandoned }, cancellationToken);
            return;
        }

        var timeout = Timeout(channel, settings);
        var lease = await LeaseAsync(storedEntry, entry, timeout, cancellationToken);
        if (lease is null)
            return;

        var events = await EventCounter.CountAsync(store, subscription.CounterId, cancellationToken);
        var bundle = NotificationBundle.Build(entry.SubscriptionId, subscription, channel.Content, entry, events, clock.GetUtcNow());
        var failure = await PostAsync(channel, bundle, timeout, cancellationToken);
        if (failure is null)
        {
            _lastSent[entry.SubscriptionId] = clock.GetUtcNow();
            await FinishAsync(storedEntry.Id, lease.Value, entry with { State = OutboxEntry.Delivered, Attempts = entry.Attempts + 1 }, cancellationToken);
            if (entry.Type == OutboxEntry.Handshake && subscription.Status == SubscriptionStatus.Requested)
                await SetStatusAsync(storedSubscription, subscription, SubscriptionStatus.Active, null, cancellationToken);
            logger.LogInformation("Delivered {NotificationType} {EventNumber} for Subscription/{SubscriptionId}", entry.Type, entry.EventNumber, entry.SubscriptionId);
            return;
        }

        var attempts = entry.Attempts + 1;
        if (entry.Type == OutboxEntry.Handshake || attempts >= settings.MaxAttempts)
        {
            logger.LogWarning("Giving up {NotificationType} {EventNumber} for Subscription/{SubscriptionId} after {Attempts} attempts ({Failure}); the subscription is now in error",
                entry.Type, entry.EventNumber, entry.SubscriptionId, attempts, failure);
            await FinishAsync(storedEntry.Id, lease.Value, entry with { State = OutboxEntry.Abandoned, Attempts = attempts }, cancellationToken);
            await FailSubscriptionAsync(storedSubscription, subscription, $"Notification delivery failed: {failure}", cancellationToken);
            return;
        }
        var delay = RetryDelay(settings, attempts);
        logger.LogWarning("Delivery of {NotificationType} {EventNumber} for Subscription/{SubscriptionId} failed ({Failure}); attempt {Attempts} of {MaxAttempts}, retrying in {Delay}",
            entry.Type, entry.EventNumber, entry.SubscriptionId, failure, attempts, settings.MaxAttempts, delay);
        await FinishAsync(storedEntry.Id, lease.Value, entry with { Attempts = attempts, NextAttempt = clock.GetUtcNow() + delay }, cancellationToken);
    }

    public static TimeSpan RetryDelay(SubscriptionOptions settings, int attempts)
    {
        var factor = Math.Pow(2, Math.Min(attempts - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(settings.FirstRetryDelay.Ticks * factor, settings.MaxRetryDelay.Ticks));
        return delay < settings.FirstRetryDelay ? settings.FirstRetryDelay : delay;
    }

    /// <summary>Marks the entry as being sent until the attempt's deadline; null when another sender got there first.</summary>
    private async Task<int?> LeaseAsync(StoredResource storedEntry, OutboxEntry entry, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var leased = entry with { NextAttempt = clock.GetUtcNow() + timeout + timeout };
        var result = await store.UpdateAsync(SubscriptionCodes.OutboxType, storedEntry.Id, leased.ToJson(), leased.Tokens(), storedEntry.VersionId, cancellationToken);
        return result.Status == UpdateStatus.Updated ? result.Resource!.VersionId : null;
    }

    private async Task FinishAsync(string id, int expectedVersion, OutboxEntry entry, CancellationToken cancellationToken)
    {
        // A finished entry stays, for the retention period, as a record of what was sent, without the response copy it no longer needs.
        if (entry.State != OutboxEntry.Pending)
            entry = entry with { Response = null };
        // Not the stopping token: a delivered notification must be recorded as such even while the server shuts down.
        var result = await store.UpdateAsync(SubscriptionCodes.OutboxType, id, entry.ToJson(), entry.Tokens(), expectedVersion, CancellationToken.None);
        if (result.Status != UpdateStatus.Updated)
            logger.LogWarning("Outbox entry {EntryId} changed while it was being sent; left as it is", id);
    }

    private Task FailSubscriptionAsync(StoredResource stored, SubscriptionRecord subscription, string error, CancellationToken cancellationToken) =>
        SetStatusAsync(stored, subscription, SubscriptionStatus.Error, error, cancellationToken);

    // Versioned: a client's update in between wins (it asked for a new handshake anyway).
    private async Task SetStatusAsync(StoredResource stored, SubscriptionRecord subscription, string status, string? error, CancellationToken cancellationToken)
    {
        subscription.WithStatus(status, error);
        var result = await store.UpdateAsync(SubscriptionRecord.ResourceType, stored.Id, subscription.ToStoredJson(), subscription.Tokens(), stored.VersionId, CancellationToken.None);
        if (result.Status == UpdateStatus.Updated)
            logger.LogInformation("Subscription/{SubscriptionId} is now {Status}", stored.Id, status);
    }

    /// <returns>Null on a 2xx answer, else why it failed (no content: safe to log and to show the subscriber).</returns>
    private async Task<string?> PostAsync(SubscriptionChannel channel, JsonObject bundle, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, channel.Endpoint)
        {
            Content = new StringContent(bundle.ToJsonString(), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(channel.ContentType) { CharSet = "utf-8" };
        foreach (var (name, value) in channel.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
                request.Content.Headers.TryAddWithoutValidation(name, value);
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            return response.IsSuccessStatusCode ? null : $"the endpoint answered HTTP {(int)response.StatusCode}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {timeout.TotalSeconds:0.###} s";
        }
        catch (HttpRequestException exception)
        {
            return $"the endpoint could not be reached ({exception.HttpRequestError})";
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Counted as a failed attempt like any other, so a request that can never be sent ends in error, not in a loop.
            return $"the request could not be sent ({exception.GetType().Name})";
        }
    }
}
