using System.Collections.Concurrent;
using FhirPriorAuth.Server.Auth.Jose;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.Auth;

/// <summary>
/// The public keys of registered clients: inline JWKS from configuration, or fetched from the configured JWKS
/// URL and cached. An unknown kid triggers one refetch, at most every <see cref="RefreshInterval"/> per client,
/// so forged tokens cannot make the server hammer a client's key host.
/// </summary>
public sealed partial class ClientKeys(IOptions<AuthOptions> options, IHttpClientFactory http, TimeProvider time, ILogger<ClientKeys> logger)
{
    public const string HttpClientName = "smart-jwks";

    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromHours(1);
    private const int MaxJwksBytes = 64 * 1024;

    private readonly ConcurrentDictionary<string, (IReadOnlyList<PublicJsonWebKey> Keys, DateTimeOffset FetchedAt)> _fetched = new(StringComparer.Ordinal);

    public SmartClient? Find(string? clientId) =>
        clientId is null ? null : options.Value.Clients.FirstOrDefault(c => c.ClientId.Length > 0 && c.ClientId == clientId);

    /// <summary>The client's keys matching <paramref name="keyId"/> (all its keys when the token names none).</summary>
    public async Task<IReadOnlyList<PublicJsonWebKey>> FindAsync(SmartClient client, string? keyId, CancellationToken ct)
    {
        if (client.Jwks is { Length: > 0 } inline)
            return Match(Parse(inline, client.ClientId), keyId);
        if (client.JwksUrl is not { Length: > 0 } url || !IsHttpUrl(url))
            return [];

        var now = time.GetUtcNow();
        var cached = _fetched.TryGetValue(client.ClientId, out var entry) && now - entry.FetchedAt < CacheLifetime;
        if (cached && Match(entry.Keys, keyId) is { Count: > 0 } hit)
            return hit;
        if (cached && now - entry.FetchedAt < RefreshInterval)
            return [];
        var keys = await FetchAsync(url, client.ClientId, ct);
        _fetched[client.ClientId] = (keys, now);
        return Match(keys, keyId);
    }

    private static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    private async Task<IReadOnlyList<PublicJsonWebKey>> FetchAsync(string url, string clientId, CancellationToken ct)
    {
        try
        {
            using var response = await http.CreateClient(HttpClientName).GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
            if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength > MaxJwksBytes)
            {
                LogFetchFailed(logger, clientId, $"HTTP {(int)response.StatusCode}");
                return [];
            }
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            var buffer = new byte[MaxJwksBytes + 1];
            var length = 0;
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(length), ct)) > 0 && length <= MaxJwksBytes)
                length += read;
            if (length > MaxJwksBytes)
            {
                LogFetchFailed(logger, clientId, "JWKS too large");
                return [];
            }
            return Parse(System.Text.Encoding.UTF8.GetString(buffer, 0, length), clientId);
        }
        catch (HttpRequestException)
        {
            LogFetchFailed(logger, clientId, "connection failed");
            return [];
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            LogFetchFailed(logger, clientId, "timed out");
            return [];
        }
    }

    private IReadOnlyList<PublicJsonWebKey> Parse(string json, string clientId)
    {
        try
        {
            return JsonWebKeys.ParseSet(json);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException)
        {
            LogFetchFailed(logger, clientId, "not a JWK Set");
            return [];
        }
    }

    private static IReadOnlyList<PublicJsonWebKey> Match(IReadOnlyList<PublicJsonWebKey> keys, string? keyId) =>
        keyId is null ? keys : keys.Where(k => k.KeyId == keyId).ToList();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not use the JWKS of client {ClientId}: {Reason}")]
    private static partial void LogFetchFailed(ILogger logger, string clientId, string reason);
}
