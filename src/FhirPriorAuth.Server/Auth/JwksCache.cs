using System.Collections.Concurrent;
using FhirPriorAuth.Server.Auth.Jose;

namespace FhirPriorAuth.Server.Auth;

/// <summary>
/// JWK Sets fetched from their URLs and cached, shared by every caller that verifies a remote party's signatures
/// (SMART backend clients, CDS clients). An unknown kid triggers one refetch, at most every
/// <see cref="RefreshInterval"/> per URL and one fetch at a time, so forged tokens cannot make the server hammer a
/// key host.
/// </summary>
public sealed partial class JwksCache(IHttpClientFactory http, TimeProvider time, ILogger<JwksCache> logger)
{
    public const string HttpClientName = "smart-jwks";

    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromHours(1);
    private const int MaxJwksBytes = 64 * 1024;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>
    /// The keys published at <paramref name="url"/> matching <paramref name="keyId"/> (all of them when null).
    /// <paramref name="owner"/> names whose keys these are, for the log.
    /// </summary>
    public async Task<IReadOnlyList<PublicJsonWebKey>> FindAsync(string url, string? keyId, string owner, CancellationToken ct)
    {
        if (!IsHttpUrl(url))
            return [];
        var entry = _entries.GetOrAdd(url, _ => new Entry());
        if (Fresh(entry, keyId) is { } known)
            return known;
        await entry.Fetching.WaitAsync(ct);
        try
        {
            // A concurrent request may have fetched while this one waited; its result counts as the refetch.
            if (Fresh(entry, keyId) is { } fetchedMeanwhile)
                return fetchedMeanwhile;
            var keys = await FetchAsync(url, owner, ct);
            entry.Latest = new Fetched(keys, time.GetUtcNow());
            return Match(keys, keyId);
        }
        finally
        {
            entry.Fetching.Release();
        }
    }

    /// <summary>An inline JWK Set from configuration; one that does not parse has no keys (and is logged).</summary>
    public IReadOnlyList<PublicJsonWebKey> ParseInline(string json, string owner) => Parse(json, owner);

    public static IReadOnlyList<PublicJsonWebKey> Match(IReadOnlyList<PublicJsonWebKey> keys, string? keyId) =>
        keyId is null ? keys : keys.Where(k => k.KeyId == keyId).ToList();

    public static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    /// <summary>The matching cached keys, an empty list when a refetch is not yet allowed, or null to fetch.</summary>
    private IReadOnlyList<PublicJsonWebKey>? Fresh(Entry entry, string? keyId)
    {
        if (entry.Latest is not { } latest)
            return null;
        var age = time.GetUtcNow() - latest.At;
        if (age >= CacheLifetime)
            return null;
        var hit = Match(latest.Keys, keyId);
        return hit.Count > 0 || age < RefreshInterval ? hit : null;
    }

    private async Task<IReadOnlyList<PublicJsonWebKey>> FetchAsync(string url, string owner, CancellationToken ct)
    {
        try
        {
            using var response = await http.CreateClient(HttpClientName).GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
            if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength > MaxJwksBytes)
            {
                LogFetchFailed(logger, owner, $"HTTP {(int)response.StatusCode}");
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
                LogFetchFailed(logger, owner, "JWKS too large");
                return [];
            }
            return Parse(System.Text.Encoding.UTF8.GetString(buffer, 0, length), owner);
        }
        catch (HttpRequestException)
        {
            LogFetchFailed(logger, owner, "connection failed");
            return [];
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            LogFetchFailed(logger, owner, "timed out");
            return [];
        }
    }

    private IReadOnlyList<PublicJsonWebKey> Parse(string json, string owner)
    {
        try
        {
            return JsonWebKeys.ParseSet(json);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException)
        {
            LogFetchFailed(logger, owner, "not a JWK Set");
            return [];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not use the JWKS of client {ClientId}: {Reason}")]
    private static partial void LogFetchFailed(ILogger logger, string clientId, string reason);

    private sealed record Fetched(IReadOnlyList<PublicJsonWebKey> Keys, DateTimeOffset At);

    private sealed class Entry
    {
        private volatile Fetched? _latest;

        public SemaphoreSlim Fetching { get; } = new(1, 1);

        /// <summary>Replaced as a whole, so readers never see keys from one fetch with the time of another.</summary>
        public Fetched? Latest
        {
            get => _latest;
            set => _latest = value;
        }
    }
}
