using FhirPriorAuth.Server.Auth.Jose;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.Auth;

/// <summary>
/// The public keys of registered clients: inline JWKS from configuration, or fetched from the configured JWKS
/// URL through the shared <see cref="JwksCache"/> (cached; an unknown kid triggers a rate-limited refetch).
/// </summary>
public sealed class ClientKeys(IOptions<AuthOptions> options, JwksCache jwks)
{
    public const string HttpClientName = JwksCache.HttpClientName;

    public SmartClient? Find(string? clientId) =>
        clientId is null ? null : options.Value.Clients.FirstOrDefault(c => c.ClientId.Length > 0 && c.ClientId == clientId);

    /// <summary>The client's keys matching <paramref name="keyId"/> (all its keys when the token names none).</summary>
    public async Task<IReadOnlyList<PublicJsonWebKey>> FindAsync(SmartClient client, string? keyId, CancellationToken ct)
    {
        if (client.Jwks is { Length: > 0 } inline)
            return JwksCache.Match(jwks.ParseInline(inline, client.ClientId), keyId);
        if (client.JwksUrl is not { Length: > 0 } url)
            return [];
        return await jwks.FindAsync(url, keyId, client.ClientId, ct);
    }
}
