using System.Net;
using FhirPriorAuth.Server.Tests.Infrastructure;

namespace FhirPriorAuth.Server.Tests.Auth;

public sealed class TokenEndpointTests : IDisposable
{
    private readonly TestClient _client = new();

    [Theory]
    [InlineData("RS384")]
    [InlineData("ES384")]
    public async Task Given_AValidAssertion_When_RequestingAToken_Then_TheTokenOpensTheFhirApi(string alg)
    {
        await using var server = SmartRequests.Server(_client);
        var http = server.CreateClient();

        var token = await SmartRequests.Token(await SmartRequests.RequestToken(http, _client.Sign(alg)));

        Assert.Equal("bearer", token.GetProperty("token_type").GetString());
        Assert.Equal(300, token.GetProperty("expires_in").GetInt32());
        Assert.Equal("system/Claim.c system/Questionnaire.rs", token.GetProperty("scope").GetString());
        var response = await SmartRequests.Validate(http, token.GetProperty("access_token").GetString());
        await FhirAssert.OperationOutcome(response, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Given_AClientAllowedFewerScopes_When_RequestingMore_Then_OnlyTheAllowedOnesAreGranted()
    {
        await using var server = SmartRequests.Server(_client, scopes: "system/Claim.cr system/ClaimResponse.read");
        var response = await SmartRequests.RequestToken(server.CreateClient(), _client.Sign("RS384"),
            scope: "system/Claim.c system/ClaimResponse.r system/Subscription.cud");

        var token = await SmartRequests.Token(response);

        Assert.Equal("system/Claim.c system/ClaimResponse.r", token.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task Given_NoRequestedScopeIsAllowed_When_RequestingAToken_Then_InvalidScope()
    {
        await using var server = SmartRequests.Server(_client, scopes: "system/Claim.c");
        var response = await SmartRequests.RequestToken(server.CreateClient(), _client.Sign("RS384"), scope: "system/Subscription.cud");

        Assert.Equal("invalid_scope", await SmartRequests.Error(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Given_AnotherGrantType_When_RequestingAToken_Then_UnsupportedGrantType()
    {
        await using var server = SmartRequests.Server(_client);
        var response = await SmartRequests.RequestToken(server.CreateClient(), _client.Sign("RS384"), grantType: "password");

        Assert.Equal("unsupported_grant_type", await SmartRequests.Error(response, HttpStatusCode.BadRequest));
    }

    public static TheoryData<string> ForgedAssertions() => new()
    {
        "alg none",
        "HS384 keyed with the public key",
        "RS256",
        "JWE (five parts)",
        "unknown kid",
        "bad signature",
        "RSA signature with an ES384 header",
        "expired",
        "not yet valid",
        "exp too far ahead",
        "wrong aud",
        "iss differs from sub",
        "unknown client",
        "missing jti",
        "missing exp",
    };

    [Theory]
    [MemberData(nameof(ForgedAssertions))]
    public async Task Given_AnUnacceptableAssertion_When_RequestingAToken_Then_InvalidClientWithoutDetail(string forgery)
    {
        await using var server = SmartRequests.Server(_client);

        var response = await SmartRequests.RequestToken(server.CreateClient(), Forge(forgery));

        Assert.Equal("invalid_client", await SmartRequests.Error(response, HttpStatusCode.Unauthorized));
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("kid", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("signature", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Given_AnAssertionAlreadyUsed_When_ReplayingIt_Then_InvalidClient()
    {
        await using var server = SmartRequests.Server(_client);
        var http = server.CreateClient();
        var assertion = _client.Sign("ES384");
        await SmartRequests.Token(await SmartRequests.RequestToken(http, assertion));

        var replay = await SmartRequests.RequestToken(http, assertion);

        Assert.Equal("invalid_client", await SmartRequests.Error(replay, HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Given_ATokenRequest_When_Logged_Then_NeitherAssertionNorAccessTokenAppearsInTheLogs()
    {
        await using var server = SmartRequests.Server(_client);
        var assertion = _client.Sign("RS384");
        var token = await SmartRequests.Token(await SmartRequests.RequestToken(server.CreateClient(), assertion));
        var accessToken = token.GetProperty("access_token").GetString()!;

        Assert.DoesNotContain(server.Logs, line => line.Contains(assertion, StringComparison.Ordinal) || line.Contains(accessToken, StringComparison.Ordinal));
        Assert.Contains(server.Logs, line => line.Contains("Issued an access token to client test-provider", StringComparison.Ordinal));
    }

    private string Forge(string forgery)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = TestClient.Claims();
        switch (forgery)
        {
            case "alg none": return _client.Sign("none");
            case "HS384 keyed with the public key": return _client.Sign("HS384");
            case "RS256": return _client.Sign("RS256");
            case "JWE (five parts)":
                return TestClient.Encode(new { alg = "RSA-OAEP", enc = "A256GCM", kid = TestClient.RsaKid }) + ".a2V5.aXY.Y2lwaGVy.dGFn";
            case "unknown kid": return _client.Sign("RS384", kid: "someone-else");
            case "bad signature":
                var good = _client.Sign("RS384");
                return good[..good.LastIndexOf('.')] + "." + _client.Sign("RS384").Split('.')[2];
            case "RSA signature with an ES384 header": return _client.Sign("RS384", kid: TestClient.EcKid).Replace(
                TestClient.Encode(new Dictionary<string, string> { ["alg"] = "RS384", ["typ"] = "JWT", ["kid"] = TestClient.EcKid }),
                TestClient.Encode(new Dictionary<string, string> { ["alg"] = "ES384", ["typ"] = "JWT", ["kid"] = TestClient.EcKid }), StringComparison.Ordinal);
            case "expired": claims["exp"] = now - 120; claims["iat"] = now - 400; break;
            case "not yet valid": claims["nbf"] = now + 200; break;
            case "exp too far ahead": claims["exp"] = now + 3600; break;
            case "wrong aud": claims["aud"] = "http://localhost/fhir"; break;
            case "iss differs from sub": claims["sub"] = "another-client"; break;
            case "unknown client": claims["iss"] = claims["sub"] = "stranger"; break;
            case "missing jti": claims.Remove("jti"); break;
            case "missing exp": claims.Remove("exp"); break;
            default: throw new ArgumentException(forgery);
        }
        return _client.Sign("RS384", claims);
    }

    public void Dispose() => _client.Dispose();
}
