namespace FhirPriorAuth.Server.Auth;

/// <summary>
/// Remembers client-assertion jti values until their assertion expires, so each assertion is usable once. Kept in
/// the configured storage (<see cref="AuthStateStore"/>): an assertion used against one instance is refused by every
/// other instance on the same database, and after a restart.
/// </summary>
public sealed class ReplayCache(AuthStateStore store, TimeProvider time)
{
    /// <summary>True the first time a (client, jti) pair is seen; false for a replay.</summary>
    public Task<bool> TryUseAsync(string clientId, string jti, DateTimeOffset expires, CancellationToken cancellationToken) =>
        store.TryUseAsync(clientId, jti, expires, time.GetUtcNow(), cancellationToken);
}
