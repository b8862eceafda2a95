namespace FhirPriorAuth.Server.Storage;

/// <summary>
/// The store's write queue is full: more writes are waiting than it takes on. Nothing of the refused write was done,
/// so the client may send it again later; the HTTP layer answers 503 with Retry-After.
/// </summary>
public sealed class StorageBusyException() : Exception("The store's write queue is full")
{
    /// <summary>How long a client should wait before sending again.</summary>
    public static TimeSpan RetryAfter { get; } = TimeSpan.FromSeconds(1);
}
