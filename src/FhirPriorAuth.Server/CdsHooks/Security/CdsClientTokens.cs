using System.Collections.Concurrent;
using System.Text.Json;
using FhirPriorAuth.Server.Auth;
using FhirPriorAuth.Server.Auth.Jose;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.CdsHooks.Security;

/// <summary>The outcome of checking a CDS client's JWT: the trusted issuer, or why the call is refused (for the log only).</summary>
public sealed record CdsClientCheck(string? Issuer, string? Refusal)
{
    public bool Accepted => Refusal is null;

    public static CdsClientCheck Refused(string reason, string? issuer = null) => new(issuer, reason);
}

/// <summary>
/// Verifies the JWT a CDS client sends with each service call (CDS Hooks 2.0 "Trusting CDS Clients"): ES384 or
/// RS384 with a <c>kid</c>, signed by a key of a configured trusted issuer; <c>aud</c> the exact service URL called;
/// <c>exp</c>, <c>iat</c> and <c>jti</c> present, the token fresh and used once.
/// </summary>
public sealed class CdsClientTokens(IOptions<CdsClientOptions> options, IOptions<AuthOptions> auth, JwksCache jwks, ReplayCache replays, TimeProvider time)
{
    public const long ClockSkewSeconds = 60;

    /// <summary>How old (by <c>iat</c>) a token may be; CDS clients mint one per call, typically valid five minutes.</summary>
    public const long MaxTokenAgeSeconds = 300;

    private const int MaxJtiLength = 256;

    // Inline JWK Sets are parsed once; the configuration is read once at start (IOptions), so they never change.
    private readonly ConcurrentDictionary<string, IReadOnlyList<PublicJsonWebKey>> _inline = new(StringComparer.Ordinal);

    public async Task<CdsClientCheck> CheckAsync(HttpContext context)
    {
        if (BearerToken(context.Request) is not { } token)
            return CdsClientCheck.Refused("no bearer token");
        if (CompactJws.TryParse(token) is not { } jws)
            return CdsClientCheck.Refused("not a JWS signed with ES384 or RS384");
        if (jws.KeyId is not { Length: > 0 } kid)
            return CdsClientCheck.Refused("no kid in the header");
        if (jws.Header.TryGetProperty("typ", out var typ)
            && (typ.ValueKind != JsonValueKind.String || !string.Equals(typ.GetString(), "JWT", StringComparison.OrdinalIgnoreCase)))
            return CdsClientCheck.Refused("typ is not JWT");

        var claims = jws.Payload;
        var issuer = AccessTokens.Text(claims, "iss");
        // The issuer is only named in the log once it is known to be ours: an unknown one is attacker text.
        var client = issuer is null ? null : options.Value.TrustedClients.FirstOrDefault(c => c.Issuer == issuer);
        if (client is null)
            return CdsClientCheck.Refused("iss is not a trusted CDS client");

        var audience = ServiceUrl(context, options.Value, auth.Value);
        if (!AudienceIs(claims, audience))
            return CdsClientCheck.Refused($"aud is not {audience}", client.Issuer);

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (AccessTokens.Number(claims, "exp") is not { } exp || exp <= now - ClockSkewSeconds)
            return CdsClientCheck.Refused("exp missing or past", client.Issuer);
        if (AccessTokens.Number(claims, "iat") is not { } iat || iat > now + ClockSkewSeconds)
            return CdsClientCheck.Refused("iat missing or in the future", client.Issuer);
        if (iat < now - MaxTokenAgeSeconds - ClockSkewSeconds)
            return CdsClientCheck.Refused($"issued more than {MaxTokenAgeSeconds} seconds ago", client.Issuer);
        if (claims.TryGetProperty("nbf", out _) && (AccessTokens.Number(claims, "nbf") is not { } nbf || nbf > now + ClockSkewSeconds))
            return CdsClientCheck.Refused("not yet valid (nbf)", client.Issuer);
        if (AccessTokens.Text(claims, "jti") is not { Length: > 0 and <= MaxJtiLength } jti)
            return CdsClientCheck.Refused("jti missing", client.Issuer);

        if (!TryKeySource(jws, client, out var jwksUrl))
            return CdsClientCheck.Refused("jku is not a JWKS URL registered for this client", client.Issuer);
        var keys = jwksUrl is null
            ? JwksCache.Match(_inline.GetOrAdd(client.Jwks!, json => jwks.ParseInline(json, client.Issuer)), kid)
            : await jwks.FindAsync(jwksUrl, kid, client.Issuer, context.RequestAborted);
        if (!keys.Any(k => jws.Verify(k.Key)))
            return CdsClientCheck.Refused("no key of this client with the token's kid verifies the signature", client.Issuer);

        // Last, so a forged token cannot use up a genuine jti. Remembered as long as the token could be accepted.
        var acceptableUntil = Math.Min(exp, iat + MaxTokenAgeSeconds) + ClockSkewSeconds;
        if (!await replays.TryUseAsync("cds-client\n" + client.Issuer, jti, DateTimeOffset.FromUnixTimeSeconds(acceptableUntil), context.RequestAborted))
            return CdsClientCheck.Refused("jti replayed", client.Issuer);
        return new CdsClientCheck(client.Issuer, null);
    }

    /// <summary>
    /// The URL the client called, as it must appear in <c>aud</c>: the configured public base (else the base of
    /// Auth:TokenEndpoint, else the loopback default; never the Host header) followed by the request path, e.g.
    /// <c>https://payer.example/cds-services/order-sign-crd</c>.
    /// </summary>
    public static string ServiceUrl(HttpContext context, CdsClientOptions options, AuthOptions auth) =>
        ServerUrls.PublicBase(context, options.PublicBaseUrl, auth) + context.Request.Path.Value;

    private static string? BearerToken(HttpRequest request)
    {
        var headers = request.Headers.Authorization;
        if (headers.Count != 1 || headers[0] is not { } value)
            return null;
        const string scheme = "Bearer ";
        return value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && value.Length > scheme.Length ? value[scheme.Length..].Trim() : null;
    }

    /// <summary>CDS Hooks lets aud be a string or an array; either way it must name this service.</summary>
    private static bool AudienceIs(JsonElement claims, string expected)
    {
        if (!claims.TryGetProperty("aud", out var aud))
            return false;
        return aud.ValueKind switch
        {
            JsonValueKind.String => aud.GetString() == expected,
            JsonValueKind.Array => aud.EnumerateArray().Any(a => a.ValueKind == JsonValueKind.String && a.GetString() == expected),
            _ => false,
        };
    }

    /// <summary>
    /// Where the keys come from: a <c>jku</c> only when registered for the client (never fetched otherwise, so a
    /// token cannot point the server at an attacker's key set or make it request arbitrary URLs); without one,
    /// the client's inline JWKS (null URL) or its JwksUrl.
    /// </summary>
    private static bool TryKeySource(CompactJws jws, TrustedCdsClient client, out string? jwksUrl)
    {
        jwksUrl = null;
        if (!jws.Header.TryGetProperty("jku", out var jku))
        {
            jwksUrl = client.Jwks is { Length: > 0 } ? null : client.JwksUrl;
            return client.Jwks is { Length: > 0 } || client.JwksUrl is { Length: > 0 };
        }
        if (jku.ValueKind != JsonValueKind.String || jku.GetString() is not { Length: > 0 } named)
            return false;
        if (named != client.JwksUrl && !client.AllowedJku.Contains(named, StringComparer.Ordinal))
            return false;
        jwksUrl = named;
        return true;
    }
}
