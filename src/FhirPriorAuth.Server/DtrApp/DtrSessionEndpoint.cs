using System.Text.Json;
using FhirPriorAuth.Server.Auth;
using FhirPriorAuth.Server.Auth.Jose;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.DtrApp;

/// <summary>
/// <c>POST /dtr/session</c>: the DTR app in the browser cannot hold a Backend Services key, so it trades the id_token
/// its EHR issued for a short-lived payer token. The id_token must be signed by a key the registered EHR publishes,
/// name that EHR as <c>iss</c>, the app's client id there as <c>aud</c>, be unexpired and carry <c>fhirUser</c>.
/// The token grants only what DTR needs: reading forms, Libraries and ValueSets, <c>$questionnaire-package</c>,
/// <c>$log-questionnaire-errors</c>, and <c>Claim.c</c>/<c>Claim.r</c> where the EHR is allowed to submit.
/// </summary>
internal sealed partial class DtrSessionEndpoint(
    IOptions<DtrAppOptions> options, IOptions<AuthOptions> auth, AccessTokens tokens, JwksCache jwks, TimeProvider clock,
    ILogger<DtrSessionEndpoint> logger)
{
    public const string DtrScopes = "system/Questionnaire.rs system/Library.rs system/ValueSet.rs system/Questionnaire.c";
    public const string ClaimScopes = "system/Claim.c system/Claim.r";
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(60);
    private const int MaxBodyBytes = 16 * 1024;

    public async Task<IResult> HandleAsync(HttpContext http, CancellationToken ct)
    {
        http.Response.Headers.CacheControl = "no-store";
        if (http.Request.ContentLength > MaxBodyBytes)
            return Refuse("invalid_request", "the request is too large", StatusCodes.Status413PayloadTooLarge);
        string? iss, idToken;
        try
        {
            using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: ct);
            if (body.RootElement.ValueKind != JsonValueKind.Object)
                return Refuse("invalid_request", "the body is a JSON object with iss and id_token");
            iss = Text(body.RootElement, "iss");
            idToken = Text(body.RootElement, "id_token");
        }
        catch (JsonException)
        {
            return Refuse("invalid_request", "the body is a JSON object with iss and id_token");
        }
        if (iss is null || idToken is null)
            return Refuse("invalid_request", "iss and id_token are required");
        if (options.Value.ByFhirBase(iss) is not { } ehr)
            return Refuse("invalid_client", "this EHR is not registered with the DTR app", StatusCodes.Status401Unauthorized);
        var failure = await VerifyAsync(ehr, idToken, ct);
        if (failure is not null)
        {
            LogRefused(logger, ehr.Name, failure);
            return Refuse("invalid_grant", "the id_token is not acceptable: " + failure, StatusCodes.Status401Unauthorized);
        }
        var scope = ehr.AllowClaimSubmit ? DtrScopes + " " + ClaimScopes : DtrScopes;
        var token = tokens.Issue("dtr-app:" + ehr.ClientId, scope, ServerUrls.Issuer(http, auth.Value), ServerUrls.Audience(http, auth.Value), clock.GetUtcNow());
        return Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = token,
            ["token_type"] = "Bearer",
            ["expires_in"] = tokens.LifetimeSeconds,
            ["scope"] = scope,
        });
    }

    /// <summary>Null when the id_token is acceptable, otherwise why not (no claim values, which may be personal).</summary>
    private async Task<string?> VerifyAsync(DtrAppEhr ehr, string idToken, CancellationToken ct)
    {
        var jws = CompactJws.TryParse(idToken);
        if (jws is null)
            return "not a JWS signed with RS384 or ES384";
        IReadOnlyList<PublicJsonWebKey> keys = ehr.Jwks is { Length: > 0 } inline
            ? JwksCache.Match(jwks.ParseInline(inline, ehr.Name), jws.KeyId)
            : ehr.JwksUrl is { Length: > 0 } url ? await jwks.FindAsync(url, jws.KeyId, ehr.Name, ct) : [];
        if (!keys.Any(k => jws.Verify(k.Key)))
            return "signature";
        var claims = jws.Payload;
        var now = clock.GetUtcNow();
        if (Text(claims, "iss") != ehr.Issuer)
            return "iss";
        if (!Audiences(claims).Contains(ehr.ClientId, StringComparer.Ordinal))
            return "aud";
        if (AccessTokens.Number(claims, "exp") is not { } exp || DateTimeOffset.FromUnixTimeSeconds(exp) <= now - ClockSkew)
            return "exp";
        if (AccessTokens.Number(claims, "iat") is { } iat && DateTimeOffset.FromUnixTimeSeconds(iat) > now + ClockSkew)
            return "iat";
        if (Text(claims, "fhirUser") is not { Length: > 0 } fhirUser || !fhirUser.Contains("Practitioner", StringComparison.Ordinal))
            return "fhirUser";
        return null;
    }

    private static IEnumerable<string> Audiences(JsonElement claims) =>
        !claims.TryGetProperty("aud", out var aud) ? []
        : aud.ValueKind == JsonValueKind.String ? [aud.GetString()!]
        : aud.ValueKind == JsonValueKind.Array ? aud.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!)
        : [];

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static IResult Refuse(string error, string description, int status = StatusCodes.Status400BadRequest) =>
        Results.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, statusCode: status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "DTR session refused for EHR {Ehr}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string ehr, string reason);
}
