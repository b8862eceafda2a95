using FhirPriorAuth.Server.Storage.Sql;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.CdsHooks.Retention;

/// <summary>
/// Removes kept CDS calls and feedback older than <see cref="CdsHooksOptions.RetentionDays"/> for good: every version,
/// body and search token (<see cref="Expunge"/>). Runs at most once an hour, on the way of a recorded call, so no timer
/// is needed.
/// </summary>
internal sealed class CdsExchangePurge(IStorageBackend backend, IOptions<CdsHooksOptions> options, TimeProvider clock)
{
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
    public Task<int> PurgeAsync(DateTimeOffset now, CancellationToken ct) =>
        Expunge.OlderThanAsync(backend, CdsExchangeLog.ResourceType, CdsExchangeLog.KindParameter, [], now.AddDays(-options.Value.RetentionDays), ct);
}
