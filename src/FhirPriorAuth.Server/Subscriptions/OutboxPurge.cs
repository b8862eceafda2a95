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
    private const int Batch = 500;
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
        var cutoff = backend.ToDbTimestamp(now.AddDays(-days));
        var removed = 0;
        while (true)
        {
            await using var connection = await backend.OpenAsync(ct);
            await using var transaction = await backend.BeginWriteAsync(connection, ct);
            var ids = new List<string>();
            // Locked (PostgreSQL): a concurrent writer of one of these rows waits, and the state is read as committed.
            await using (var select = connection.Command(transaction, $"""
                             SELECT r.id FROM resources r
                             JOIN search_tokens t ON t.resource_type = r.resource_type AND t.id = r.id
                             WHERE r.resource_type = @type AND t.parameter = 'outbox-state' AND t.value IN (@delivered, @abandoned)
                               AND r.last_updated < @cutoff
                             LIMIT {Batch}{backend.LockRowClause}
                             """)
                             .With("@type", SubscriptionCodes.OutboxType).With("@delivered", Finished[0]).With("@abandoned", Finished[1])
                             .With("@cutoff", cutoff))
            await using (var reader = await select.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct))
                    ids.Add(reader.GetString(0));
            foreach (var id in ids)
                foreach (var table in (string[])["search_tokens", "resource_versions", "resources"])
                    await using (var delete = connection.Command(transaction, $"DELETE FROM {table} WHERE resource_type = @type AND id = @id")
                                     .With("@type", SubscriptionCodes.OutboxType).With("@id", id))
                        await delete.ExecuteNonQueryAsync(ct);
            await transaction.CommitAsync(ct);
            removed += ids.Count;
            if (ids.Count < Batch)
                return removed;
        }
    }
}
