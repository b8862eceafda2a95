using FhirPriorAuth.Server.Storage.Sql;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.Subscriptions;

/// <summary>
/// Removes finished outbox entries (delivered, or given up) once they are older than
/// <see cref="SubscriptionOptions.DeliveredRetentionDays"/>, for good: every version, body and search token (each
/// carries the notified PAS response). A pending entry is never removed, whatever its age. Event numbers are unaffected:
/// they come from each subscription's counter, not from the entries kept. The sender runs it at most once an hour.
/// </summary>
internal sealed class OutboxPurge(IStorageBackend backend, IOptionsMonitor<SubscriptionOptions> options, TimeProvider clock,
    ILogger<OutboxPurge> logger)
{
    private static readonly string[] Finished = [OutboxEntry.Delivered, OutboxEntry.Abandoned];
    private DateTimeOffset _nextRun = DateTimeOffset.MinValue;

    /// <summary>Purges when the last run is an hour ago or more (and a retention period is set).</summary>
    public async Task MaybeRunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (options.CurrentValue.DeliveredRetentionDays == 0 || now < _nextRun)
            return;
        _nextRun = now.AddHours(1);
        try
        {
            var removed = await PurgeAsync(now, ct);
            if (removed > 0)
                logger.LogInformation("Removed {Count} finished notifications older than {Days} days from the outbox", removed, options.CurrentValue.DeliveredRetentionDays);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Delivery goes on; the next run (in an hour) removes what this one left.
            logger.LogWarning(exception, "Removing finished notifications from the outbox failed");
        }
    }

    /// <summary>Removes the entries finished before <paramref name="now"/> minus the retention period; returns how many.</summary>
    public async Task<int> PurgeAsync(DateTimeOffset now, CancellationToken ct)
    {
        var days = options.CurrentValue.DeliveredRetentionDays;
        if (days == 0)
            return 0;
        // last_updated of a finished entry is when it was finished (delivered or given up).
        return await Expunge.OlderThanAsync(backend, SubscriptionCodes.OutboxType, "outbox-state", Finished, now.AddDays(-days), ct);
    }
}
