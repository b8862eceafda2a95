using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using FhirPriorAuth.Server.Auth.Jose;

namespace FhirPriorAuth.Server.Tests.CdsHooks.Security;

/// <summary>
/// CDS Hooks "Trusting CDS Clients": every service call carries the EHR's signed JWT; anything but a fresh,
/// correctly addressed, once-used token signed by a trusted client's key gets a bare 401 (reason in the log only).
/// </summary>
public sealed class CdsClientAuthenticationTests : IDisposable
{
    private readonly TestEhr _ehr = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Given_ATrustedEhrWithInlineKeys_When_CallingWithAnEs384Token_Then_TheServiceAnswersKnowingTheCaller()
    {
        await using var host = CdsSecurityHost.Start(_ehr);

        var response = await host.Accepted(_ehr.Sign("ES384"));

        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(0, body.GetProperty("cards").GetArrayLength());
        Assert.Equal(TestEhr.Issuer, body.GetProperty("caller").GetString());
    }

    [Fact]
    public async Task Given_ATrustedEhrWithInlineKeys_When_CallingWithAnRs384Token_Then_TheServiceAnswers()
    {
        await using var host = CdsSecurityHost.Start(_ehr);

        await host.Accepted(_ehr.Sign("RS384"));
    }

    [Fact]
    public async Task Given_AnAudienceArrayNamingTheService_When_Calling_Then_TheServiceAnswers()
    {
        await using var host = CdsSecurityHost.Start(_ehr);
        var claims = TestEhr.Claims();
        claims["aud"] = new[] { TestEhr.ServiceUrl };

        await host.Accepted(_ehr.Sign("ES384", claims));
    }

    [Fact]
    public async Task Given_AnEhrClockThirtySecondsBehind_When_ItsTokenExpiredJustNow_Then_TheSkewAllowanceAcceptsIt()
    {
        await using var host = CdsSecurityHost.Start(_ehr);
        var claims = TestEhr.Claims(DateTimeOffset.UtcNow.AddSeconds(-30));
        claims["exp"] = DateTimeOffset.UtcNow.AddSeconds(-30).ToUnixTimeSeconds();

        await host.Accepted(_ehr.Sign("ES384", claims));
    }

    [Fact]
    public async Task Given_NoAuthorizationHeader_When_Calling_Then_Unauthorized()
    {
        await using var host = CdsSecurityHost.Start(_ehr);

        Assert.Contains("no bearer token", await host.Refused(null), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_AnUnsignedToken_When_Calling_Then_Unauthorized()
    {
        await using var host = CdsSecurityHost.Start(_ehr);
        var signed = _ehr.Sign("ES384");

        await host.Refused(signed[..(signed.LastIndexOf('.') + 1)]);
    }

    [Fact]
    public async Task Given_AlgNone_When_Calling_Then_Unauthorized()
    {
        await using var host = CdsSecurityHost.Start(_ehr);

        Assert.Contains("ES384 or RS384", await host.Refused(_ehr.Sign("none")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_Hs256KeyedWithThePublicJwks_When_Calling_Then_Unauthorized()
    {
        await using var host = CdsSecurityHost.Start(_ehr);

        Assert.Contains("not a JWS signed with ES384 or RS384", await host.Refused(_ehr.Sign("HS256")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_Rs256_When_Calling_Then_Unauthorized()
    {
        await using var host = CdsSecurityHost.Start(_ehr);

        Assert.Contains("not a JWS signed with ES384 or RS384", await host.Refused(_ehr.Sign("RS256")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_AnEncryptedJweShapedToken_When_Calling_Then_Unauthorized()
    {
        await using var host = CdsSecurityHost.Start(_ehr);
        var jwe = TestEhr.Encode(new { alg = "RSA-OAEP", enc = "A256GCM", kid = TestEhr.RsaKid }) + ".a2V5.aXY.Y2lwaGVy.dGFn";

        Assert.Contains("not a JWS signed with ES384 or RS384", await host.Refused(jwe), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_ACritHeader_When_Calling_Then_Unauthorized()
    {
        await using var host = CdsSecurityHost.Start(_ehr);
        var claims = TestEhr.Encode(TestEhr.Claims());
        var header = TestEhr.Encode(new Dictionary<string, object> { ["alg"] = "ES384", ["kid"] = TestEhr.EcKid, ["crit"] = new[] { "exp" } });
        var signature = _ehr.Ec.SignData(System.Text.Encoding.ASCII.GetBytes(header + "." + claims), HashAlgorithmName.SHA384);

        Assert.Contains("not a JWS signed with ES384 or RS384", await host.Refused(header + "." + claims + "." + CompactJws.Encode(signature)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_NoKidInTheHeader_When_Calling_Then_Unauthorized()
    {
        await using var host = CdsSecurityHost.Start(_ehr);

        Assert.Contains("no kid", await host.Refused(_ehr.Sign("ES384", kid: "")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_AnExpiredToken_When_Calling_Then_Unauthorized()
    {
        await using var host = CdsSecurityHost.Start(_ehr);
        var claims = TestEhr.Claims(DateTimeOffset.UtcNow.AddMinutes(-3));
        claims["exp"] = DateTimeOffset.UtcNow.AddSeconds(-90).ToUnixTimeSeconds();

        Assert.Contains("exp missing or past", await host.Refused(_ehr.Sign("ES384", claims)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_NoExp_When_Calling_Then_Unauthorized()
    {
        await using var host = CdsSecurityHost.Start(_ehr);
        var claims = TestEhr.Claims();
        claims.Remove("exp");

        Assert.Contains("exp missing or past", await host.Refused(_ehr.Sign("ES384", claims)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_ATokenIssuedInTheFuture_When_Calling_Then_Unauthorized()
    {
        await using var host = CdsSecurityHost.Start(_ehr);
        var claims = TestEhr.Claims(DateTimeOffset.UtcNow.AddMinutes(2));

        Assert.Contains("iat missing or in the future", await host.Refused(_ehr.Sign("ES384", claims)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_NoIat_When_Calling_Then_Unauthorized()
    {
        await using var host = CdsSecurityHost.Start(_ehr);
        var claims = TestEhr.Claims();
        claims.Remove("iat");

        Assert.Contains("iat missing", await host.Refused(_ehr.Sign("ES384", claims)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_ALongLivedTokenIssuedTenMinutesAgo_When_Calling_Then_Unauthorized()
    {
        await using var host = CdsSecurityHost.Start(_ehr);
        var claims = TestEhr.Claims(DateTimeOffset.UtcNow.AddMinutes(-10));
        claims["exp"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();

        Assert.Contains("issued more than 300 seconds ago", await host.Refused(_ehr.Sign("ES384", claims)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_ATokenForAnotherServiceOfThisServer_When_Calling_Then_Unauthorized()
    {
        await using var host = CdsSecurityHost.Start(_ehr);
        var claims = TestEhr.Claims(DateTimeOffset.UtcNow, "http://localhost/cds-services/other-service");

        Assert.Contains("aud is not http://localhost/cds-services/test-service", await host.Refused(_ehr.Sign("ES384", claims)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_ATokenForTheSameServiceOnAnotherHost_When_Calling_Then_Unauthorized()
    {
        await using var host = CdsSecurityHost.Start(_ehr);
        var claims = TestEhr.Claims(DateTimeOffset.UtcNow, "https://other-payer.example/cds-services/test-service");

        Assert.Contains("aud is not", await host.Refused(_ehr.Sign("ES384", claims)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_NoAud_When_Calling_Then_Unauthorized()
    {
        await using var host = CdsSecurityHost.Start(_ehr);
        var claims = TestEhr.Claims();
        claims.Remove("aud");

        Assert.Contains("aud is not", await host.Refused(_ehr.Sign("ES384", claims)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_APublicBaseUrlBehindAProxy_When_TheTokenNamesThePublicServiceUrl_Then_AcceptedAndTheInternalUrlIsNot()
    {
        await using var host = CdsSecurityHost.Start(_ehr, new() { ["CdsHooks:PublicBaseUrl"] = "https://payer.example/crd/" });

        await host.Accepted(_ehr.Sign("ES384", TestEhr.Claims(DateTimeOffset.UtcNow, "https://payer.example/crd/cds-services/test-service")));
        Assert.Contains("aud is not https://payer.example/crd/cds-services/test-service", await host.Refused(_ehr.Sign("ES384")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_AnIssuerThatIsNotTrusted_When_Calling_Then_UnauthorizedAndTheForeignIssuerIsNotLogged()
    {
        await using var host = CdsSecurityHost.Start(_ehr);
        var claims = TestEhr.Claims();
        claims["iss"] = "https://intruder.example";

        var logged = await host.Refused(_ehr.Sign("ES384", claims));

        Assert.Contains("iss is not a trusted CDS client", logged, StringComparison.Ordinal);
        Assert.DoesNotContain("intruder", logged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_ATokenSignedByAnotherKeyUnderTheTrustedKid_When_Calling_Then_Unauthorized()
    {
        await using var host = CdsSecurityHost.Start(_ehr);
        using var impostor = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        Assert.Contains("verifies the signature", await host.Refused(_ehr.Sign("ES384", ecKey: impostor)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_ATamperedPayload_When_Calling_Then_Unauthorized()
    {
        await using var host = CdsSecurityHost.Start(_ehr);
        var parts = _ehr.Sign("RS384").Split('.');
        var claims = TestEhr.Claims();
        claims["aud"] = TestEhr.ServiceUrl;
        claims["exp"] = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds();

        Assert.Contains("verifies the signature", await host.Refused(parts[0] + "." + TestEhr.Encode(claims) + "." + parts[2]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_AnUnknownKidInInlineKeys_When_Calling_Then_Unauthorized()
    {
        await using var host = CdsSecurityHost.Start(_ehr);

        await host.Refused(_ehr.Sign("ES384", kid: "ehr-ec-2"));
    }

    [Fact]
    public async Task Given_AnAcceptedToken_When_ItIsReplayed_Then_TheSecondCallIsUnauthorized()
    {
        await using var host = CdsSecurityHost.Start(_ehr);
        var token = _ehr.Sign("ES384");

        await host.Accepted(token);

        Assert.Contains("jti replayed", await host.Refused(token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_TwoTokensWithTheSameJti_When_Calling_Then_TheSecondIsUnauthorized()
    {
        await using var host = CdsSecurityHost.Start(_ehr);
        var first = TestEhr.Claims();
        var second = TestEhr.Claims();
        second["jti"] = first["jti"];

        await host.Accepted(_ehr.Sign("ES384", first));

        Assert.Contains("jti replayed", await host.Refused(_ehr.Sign("RS384", second)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_AForgedTokenReusingAGenuineJti_When_TheGenuineTokenFollows_Then_TheGenuineOneIsStillAccepted()
    {
        await using var host = CdsSecurityHost.Start(_ehr);
        using var impostor = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var claims = TestEhr.Claims();

        await host.Refused(_ehr.Sign("ES384", claims, ecKey: impostor));

        await host.Accepted(_ehr.Sign("ES384", claims));
    }

    [Fact]
    public async Task Given_NoJti_When_Calling_Then_Unauthorized()
    {
        await using var host = CdsSecurityHost.Start(_ehr);
        var claims = TestEhr.Claims();
        claims.Remove("jti");

        Assert.Contains("jti missing", await host.Refused(_ehr.Sign("ES384", claims)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_AuthenticationDisabled_When_CallingWithoutAToken_Then_TheServiceAnswers()
    {
        await using var host = CdsSecurityHost.Start(_ehr, new() { ["Auth:Enabled"] = "false" });

        var response = await host.Call(null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Given_AuthenticationEnabled_When_DiscoveryIsRequestedWithoutAToken_Then_ItIsOpen()
    {
        await using var host = CdsSecurityHost.Start(_ehr);

        var response = await host.Http.GetAsync("/cds-services", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.TryGetProperty("services", out _));
    }

    public void Dispose() => _ehr.Dispose();
}
