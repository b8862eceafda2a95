using FhirPriorAuth.Server.Auth.Jose;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.Auth;

/// <summary>
/// <c>POST /auth/token</c>: SMART Backend Services client_credentials with a private_key_jwt client assertion
/// (RFC 7523). Errors follow RFC 6749 §5.2 and never say which check failed beyond the error code, so a probing
/// client learns nothing about keys or registrations.
/// </summary>
public sealed partial class TokenEndpoint(
    IOptions<AuthOptions> options, ClientKeys clientKeys, ReplayCache replays, AccessTokens tokens, TimeProvider time, ILogger<TokenEndpoint> logger)
{
    public const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private const long ClockSkewSeconds = 60;
    private const long MaxAssertionLifetimeSeconds = 300;

    public async Task<IResult> PostAsync(HttpContext context)
    {
        if (await TokenRequestForm.ReadAsync(context.Request) is not { } form)
            return Error("invalid_request", TokenRequestForm.Refusal);
        if (form["grant_type"].ToString() != "client_credentials")
            return Error("unsupported_grant_type", "Only grant_type=client_credentials is supported");
        if (form["client_assertion_type"].ToString() != AssertionType || string.IsNullOrEmpty(form["client_assertion"]))
            return Error("invalid_request", $"client_assertion_type must be {AssertionType} with a client_assertion");

        var jws = CompactJws.TryParse(form["client_assertion"]);
        if (jws is null)
            return Reject("invalid_client", "malformed assertion or unsupported alg", null);
        var claims = jws.Payload;
        var clientId = AccessTokens.Text(claims, "iss");
        // RFC 7521 §4.2: a client_id sent beside the assertion must name the client the assertion is for.
        if (form.ContainsKey("client_id") && form["client_id"].ToString() != clientId)
            return Reject("invalid_client", "client_id differs from the assertion's iss", null);
        var client = clientKeys.Find(clientId);
        if (client is null || AccessTokens.Text(claims, "sub") != clientId)
            return Reject("invalid_client", "unknown client or iss differs from sub", null);

        var keys = await clientKeys.FindAsync(client, jws.KeyId, context.RequestAborted);
        if (!keys.Any(k => jws.Verify(k.Key)))
            return Reject("invalid_client", "no registered key verifies the signature", client.ClientId);

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (AccessTokens.Text(claims, "aud") != ServerUrls.TokenEndpoint(context, options.Value)
            && !AudienceArrayHolds(claims, ServerUrls.TokenEndpoint(context, options.Value)))
            return Reject("invalid_client", "aud is not this token endpoint", client.ClientId);
        if (AccessTokens.Number(claims, "exp") is not { } exp || exp <= now - ClockSkewSeconds || exp > now + MaxAssertionLifetimeSeconds + ClockSkewSeconds)
            return Reject("invalid_client", "exp missing, past, or more than five minutes ahead", client.ClientId);
        if (claims.TryGetProperty("nbf", out _) && (AccessTokens.Number(claims, "nbf") is not { } nbf || nbf > now + ClockSkewSeconds))
            return Reject("invalid_client", "not yet valid", client.ClientId);
        if (claims.TryGetProperty("iat", out _) && (AccessTokens.Number(claims, "iat") is not { } iat || iat > now + ClockSkewSeconds))
            return Reject("invalid_client", "issued in the future", client.ClientId);
        if (AccessTokens.Text(claims, "jti") is not { Length: > 0 and <= 256 } jti)
            return Reject("invalid_client", "jti missing", client.ClientId);
        if (!await replays.TryUseAsync(client.ClientId, jti, DateTimeOffset.FromUnixTimeSeconds(exp + ClockSkewSeconds), context.RequestAborted))
            return Reject("invalid_client", "jti replayed", client.ClientId);

        var allowed = SmartScope.ParseList(client.Scopes).ToList();
        var granted = form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => SmartScope.TryParse(s) is { } requested && allowed.Any(a => a.Covers(requested)))
            .Distinct(StringComparer.Ordinal).ToList();
        if (granted.Count == 0)
            return Reject("invalid_scope", "none of the requested scopes is allowed for this client", client.ClientId, StatusCodes.Status400BadRequest);

        var scope = string.Join(' ', granted);
        var accessToken = tokens.Issue(client.ClientId, scope,
            ServerUrls.Issuer(context, options.Value), ServerUrls.Audience(context, options.Value), time.GetUtcNow());
        LogIssued(logger, client.ClientId, scope);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
        return Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = accessToken,
            ["token_type"] = "bearer",
            ["expires_in"] = tokens.LifetimeSeconds,
            ["scope"] = scope,
        });
    }

    private static bool AudienceArrayHolds(System.Text.Json.JsonElement claims, string expected) =>
        claims.TryGetProperty("aud", out var aud) && aud.ValueKind == System.Text.Json.JsonValueKind.Array
        && aud.GetArrayLength() == 1 && aud[0].ValueKind == System.Text.Json.JsonValueKind.String && aud[0].GetString() == expected;

    private IResult Reject(string error, string reason, string? clientId, int status = StatusCodes.Status401Unauthorized)
    {
        // The reason goes to the operator's log only; the client sees the error code.
        LogRejected(logger, clientId ?? "(unidentified)", error, reason);
        return Error(error, error == "invalid_scope" ? "No requested scope is allowed for this client" : "The client assertion was not accepted", status);
    }

    private static IResult Error(string error, string description, int status = StatusCodes.Status400BadRequest) =>
        Results.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, statusCode: status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Issued an access token to client {ClientId} with scope {Scope}")]
    private static partial void LogIssued(ILogger logger, string clientId, string scope);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a token request from client {ClientId}: {Error} ({Reason})")]
    private static partial void LogRejected(ILogger logger, string clientId, string error, string reason);
}
