using FhirPriorAuth.Server.Storage.Sql;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.CdsHooks.Retention;

/// <summary>
/// Removes kept CDS calls and feedback older than <see cref="CdsHooksOptions.RetentionDays"/> for good: every version,
/// body and search token (a FHIR delete would leave the content in the history). Runs at most once an hour, on the way
/// of a recorded call, so no timer is needed; a batch at a time keeps each transaction short.
/// </summary>
internal sealed class CdsExchangePurge(IStorageBackend backend, IOptions<CdsHooksOptions> options, TimeProvider clock)
{
    private const int Batch = 500;
    private long _nextRunTicks;

    /// <summary>Purges when the last run is more than an hour ago.</summary>
    public async Task MaybeRunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var next = Interlocked.Read(ref _nextRunTicks);
        if (now.UtcTicks < next || Interlocked.CompareExchange(ref _nextRunTicks, now.AddHours(1).UtcTicks, next) != next)
            return;
        await PurgeAsync(now, ct);
    }

    /// <summary>Removes what was kept before <paramref name="now"/> minus the retention period; returns how many records.</summary>
    public async Task<int> PurgeAsync(DateTimeOffset now, CancellationToken ct)
    {
        var cutoff = backend.ToDbTimestamp(now.AddDays(-options.Value.RetentionDays));
        var removed = 0;
        while (true)
        {
            await using var connection = await backend.OpenAsync(ct);
            await using var transaction = await backend.BeginWriteAsync(connection, ct);
            var ids = new List<string>();
            await using (var select = connection.Command(transaction, $"""
                             SELECT r.id FROM resources r
                             JOIN search_tokens t ON t.resource_type = r.resource_type AND t.id = r.id
                             WHERE r.resource_type = @type AND t.parameter = @kind AND r.last_updated < @cutoff
                             LIMIT {Batch}
                             """)
                             .With("@type", CdsExchangeLog.ResourceType).With("@kind", CdsExchangeLog.KindParameter).With("@cutoff", cutoff))
            await using (var reader = await select.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct))
                    ids.Add(reader.GetString(0));
            foreach (var id in ids.Distinct())
                foreach (var table in (string[])["search_tokens", "resource_versions", "resources"])
                    await using (var delete = connection.Command(transaction, $"DELETE FROM {table} WHERE resource_type = @type AND id = @id")
                                     .With("@type", CdsExchangeLog.ResourceType).With("@id", id))
                        await delete.ExecuteNonQueryAsync(ct);
            await transaction.CommitAsync(ct);
            removed += ids.Distinct().Count();
            if (ids.Count < Batch)
                return removed;
        }
    }
}
