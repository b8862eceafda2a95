using System.Security.Claims;
using System.Text.Json;
using FhirPriorAuth.Server.Auth.Jose;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.Auth;

/// <summary>
/// Issues and validates this server's access tokens: ES384 JWTs naming the client and its granted scopes.
/// The signing key lives in the configured storage (<see cref="AccessTokenSigningKey"/>), so a token outlives a
/// restart and is accepted by every instance on the same database.
/// </summary>
public sealed class AccessTokens(IOptions<AuthOptions> options, IHttpContextAccessor http, TimeProvider time, AccessTokenSigningKey signingKey)
    : IAccessTokenValidator
{
    public const string ClientIdClaim = "client_id";
    public const string ScopeClaim = "scope";

    public int LifetimeSeconds => Math.Max(1, options.Value.AccessTokenLifetimeSeconds);

    /// <summary>A token for <paramref name="clientId"/>, valid from <paramref name="issuedAt"/> for the configured lifetime.</summary>
    public string Issue(string clientId, string scope, string issuer, string audience, DateTimeOffset issuedAt) =>
        CompactJws.SignEs384(signingKey.Key, signingKey.KeyId, new Dictionary<string, object>
        {
            ["iss"] = issuer,
            ["aud"] = audience,
            ["sub"] = clientId,
            [ClientIdClaim] = clientId,
            [ScopeClaim] = scope,
            ["iat"] = issuedAt.ToUnixTimeSeconds(),
            ["exp"] = issuedAt.AddSeconds(LifetimeSeconds).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
        });

    public Task<ClaimsPrincipal?> ValidateAsync(string accessToken, CancellationToken cancellationToken) =>
        Task.FromResult(http.HttpContext is { } context ? Validate(accessToken, context) : null);

    private ClaimsPrincipal? Validate(string accessToken, HttpContext context)
    {
        var jws = CompactJws.TryParse(accessToken);
        if (jws is null || jws.Algorithm != CompactJws.Es384 || jws.KeyId != signingKey.KeyId || !jws.Verify(signingKey.Key))
            return null;
        var claims = jws.Payload;
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (Text(claims, "iss") != ServerUrls.Issuer(context, options.Value)
            || Text(claims, "aud") != ServerUrls.Audience(context, options.Value)
            || Number(claims, "exp") is not { } exp || exp <= now
            || Text(claims, ClientIdClaim) is not { Length: > 0 } clientId
            || Text(claims, ScopeClaim) is not { } scope)
            return null;
        return new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClientIdClaim, clientId), new Claim(ScopeClaim, scope)], BearerTokenHandler.SchemeName, ClientIdClaim, null));
    }

    internal static string? Text(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    internal static long? Number(JsonElement claims, string name) =>
        claims.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;
}
