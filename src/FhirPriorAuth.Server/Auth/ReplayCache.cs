using System.Collections.Concurrent;

namespace FhirPriorAuth.Server.Auth;

/// <summary>
/// Remembers client-assertion jti values until their assertion expires, so each assertion is usable once.
/// In memory: with several server instances, or across a restart, a replay could succeed within the assertion's
/// (at most five-minute) lifetime; a shared store is needed before scaling out.
/// </summary>
public sealed class ReplayCache(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    /// <summary>True the first time a (client, jti) pair is seen; false for a replay.</summary>
    public bool TryUse(string clientId, string jti, DateTimeOffset expires)
    {
        var now = time.GetUtcNow();
        foreach (var (key, until) in _seen)
        {
            if (until < now)
                _seen.TryRemove(key, out _);
        }
        return _seen.TryAdd(clientId + "\n" + jti, expires);
    }
}
