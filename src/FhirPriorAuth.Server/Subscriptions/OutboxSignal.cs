namespace FhirPriorAuth.Server.Subscriptions;

/// <summary>
/// Wakes the sender when something was written to the outbox, so notifications do not wait for the next poll.
/// Writers call it inside their transaction, before the commit the sender must see: <see cref="WakeSoon"/>
/// therefore wakes it now and once more a moment later; a missed wake costs at most one poll interval.
/// </summary>
internal sealed class OutboxSignal(TimeProvider clock)
{
    private static readonly TimeSpan AfterCommit = TimeSpan.FromMilliseconds(200);
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake covers every write before it.
        }
    }

    public void WakeSoon()
    {
        Wake();
        _ = Task.Delay(AfterCommit, clock).ContinueWith(_ => Wake(), TaskScheduler.Default);
    }

    /// <summary>Returns when woken or after <paramref name="timeout"/>.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _wake.WaitAsync(timeout, cancellationToken);
}
