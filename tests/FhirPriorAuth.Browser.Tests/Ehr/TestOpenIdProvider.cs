using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using FhirPriorAuth.Server.Auth.Jose;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FhirPriorAuth.Browser.Tests.Ehr;

/// <summary>
/// The payer's identity provider for reviewers, on a loopback listener: discovery, an authorize endpoint that signs in
/// <see cref="NextUser"/> (checking PKCE S256), a token endpoint answering an ES384 id_token with the user's roles, a JWKS.
/// </summary>
public sealed class TestOpenIdProvider : IAsyncDisposable
{
    public const string ClientId = "payer-reviewer-page";

    private readonly WebApplication _app;
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
    private readonly ConcurrentDictionary<string, (User User, string Challenge, string Nonce, string RedirectUri)> _codes = new();

    public sealed record User(string Username, string Name, params string[] Roles);

    /// <summary>Who signs in at the next authorization request.</summary>
    public User NextUser { get; set; } = new("rn.ortiz@payer.example", "Rosa Ortiz", "nurse-reviewer");

    public ConcurrentQueue<IReadOnlyDictionary<string, string>> Authorizations { get; } = new();

    public string Issuer { get; private set; } = "";

    private TestOpenIdProvider(WebApplication app) => _app = app;

    public static async Task<TestOpenIdProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var provider = new TestOpenIdProvider(app);
        app.MapGet("/.well-known/openid-configuration", provider.Discovery);
        app.MapGet("/authorize", provider.Authorize);
        app.MapPost("/token", provider.TokenAsync);
        app.MapGet("/jwks", provider.Jwks);
        await app.StartAsync();
        provider.Issuer = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return provider;
    }

    private IResult Discovery() => Results.Json(new Dictionary<string, object>
    {
        ["issuer"] = Issuer,
        ["authorization_endpoint"] = Issuer + "/authorize",
        ["token_endpoint"] = Issuer + "/token",
        ["jwks_uri"] = Issuer + "/jwks",
        ["response_types_supported"] = new[] { "code" },
        ["subject_types_supported"] = new[] { "public" },
        ["id_token_signing_alg_values_supported"] = new[] { "ES384" },
        ["code_challenge_methods_supported"] = new[] { "S256" },
    });

    private IResult Jwks()
    {
        var jwk = JsonWebKeys.ToPublicJwk(_key, "idp-key-1");
        jwk["alg"] = "ES384";
        jwk["use"] = "sig";
        return Results.Json(new { keys = new[] { jwk } });
    }

    private IResult Authorize(HttpContext http)
    {
        var query = http.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        Authorizations.Enqueue(query);
        string Q(string name) => query.GetValueOrDefault(name, "");
        if (Q("client_id") != ClientId || Q("response_type") != "code" || Q("code_challenge_method") != "S256" || Q("code_challenge").Length < 43)
            return Results.BadRequest("invalid authorization request");
        var code = Guid.NewGuid().ToString("N");
        _codes[code] = (NextUser, Q("code_challenge"), Q("nonce"), Q("redirect_uri"));
        return Results.Redirect($"{Q("redirect_uri")}?code={code}&state={Uri.EscapeDataString(Q("state"))}");
    }

    private async Task<IResult> TokenAsync(HttpContext http, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        if (!_codes.TryRemove(form["code"].ToString(), out var grant) || form["client_id"] != ClientId || form["redirect_uri"] != grant.RedirectUri)
            return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        if (challenge != grant.Challenge)
            return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var idToken = CompactJws.SignEs384(_key, "idp-key-1", new Dictionary<string, object>
        {
            ["iss"] = Issuer, ["aud"] = ClientId, ["sub"] = grant.User.Username, ["nonce"] = grant.Nonce,
            ["iat"] = now, ["exp"] = now + 300, ["preferred_username"] = grant.User.Username, ["name"] = grant.User.Name,
            ["roles"] = grant.User.Roles,
        });
        return Results.Json(new Dictionary<string, object> { ["access_token"] = "idp-" + Guid.NewGuid().ToString("N"), ["token_type"] = "Bearer", ["expires_in"] = 300, ["id_token"] = idToken });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _key.Dispose();
    }
}
