using FhirPriorAuth.Server.Auth.Jose;

namespace FhirPriorAuth.Server.Tests.CdsHooks.Security;

/// <summary>
/// An EHR that publishes its keys at a URL: fetched and cached, refetched (rate-limited) when a token names a key
/// the cache lacks, and a token's <c>jku</c> honoured only when registered for that EHR.
/// </summary>
public sealed class CdsClientJwksUrlTests : IDisposable
{
    private const string OtherJwksUrl = "https://keys.ehr.example.org/cds/jwks.json";

    private readonly TestEhr _ehr = new();

    private static Dictionary<string, string?> KeysAtUrl(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["CdsHooks:TrustedClients:0:Jwks"] = null,
            ["CdsHooks:TrustedClients:0:JwksUrl"] = TestEhr.JwksUrl,
        };
        foreach (var (key, value) in more ?? [])
            settings[key] = value;
        return settings;
    }

    [Fact]
    public async Task Given_KeysAtTheRegisteredUrl_When_CallingTwice_Then_BothAreAcceptedAndTheKeysFetchedOnce()
    {
        await using var host = CdsSecurityHost.Start(_ehr, KeysAtUrl());
        host.Jwks.Sets[TestEhr.JwksUrl] = _ehr.Jwks;

        await host.Accepted(_ehr.Sign("ES384"));
        await host.Accepted(_ehr.Sign("RS384"));

        Assert.Equal(1, host.Jwks.Fetches(TestEhr.JwksUrl));
    }

    [Fact]
    public async Task Given_AJkuEqualToTheRegisteredUrl_When_Calling_Then_Accepted()
    {
        await using var host = CdsSecurityHost.Start(_ehr, KeysAtUrl());
        host.Jwks.Sets[TestEhr.JwksUrl] = _ehr.Jwks;

        await host.Accepted(_ehr.Sign("ES384", jku: TestEhr.JwksUrl));
    }

    [Fact]
    public async Task Given_AJkuListedInAllowedJku_When_Calling_Then_KeysComeFromThatUrl()
    {
        await using var host = CdsSecurityHost.Start(_ehr, KeysAtUrl(new() { ["CdsHooks:TrustedClients:0:AllowedJku:0"] = OtherJwksUrl }));
        host.Jwks.Sets[OtherJwksUrl] = _ehr.Jwks;

        await host.Accepted(_ehr.Sign("RS384", jku: OtherJwksUrl));

        Assert.Equal([OtherJwksUrl], host.Jwks.Requested);
    }

    [Fact]
    public async Task Given_AJkuThatIsNotRegistered_When_Calling_Then_UnauthorizedWithoutFetchingIt()
    {
        await using var host = CdsSecurityHost.Start(_ehr, KeysAtUrl());
        const string attackerKeys = "https://attacker.example/jwks.json";
        host.Jwks.Sets[attackerKeys] = _ehr.Jwks;

        var logged = await host.Refused(_ehr.Sign("ES384", jku: attackerKeys));

        Assert.Contains("jku is not a JWKS URL registered for this client", logged, StringComparison.Ordinal);
        Assert.Empty(host.Jwks.Requested);
    }

    [Fact]
    public async Task Given_AnEhrWithInlineKeys_When_ItsTokenNamesAJku_Then_UnauthorizedWithoutFetchingIt()
    {
        await using var host = CdsSecurityHost.Start(_ehr);

        await host.Refused(_ehr.Sign("ES384", jku: TestEhr.JwksUrl));

        Assert.Empty(host.Jwks.Requested);
    }

    [Fact]
    public async Task Given_TheEhrRotatedInANewKey_When_ATokenNamesIt_Then_TheKeysAreRefetchedAndItIsAccepted()
    {
        await using var host = CdsSecurityHost.Start(_ehr, KeysAtUrl());
        host.Jwks.Sets[TestEhr.JwksUrl] = TestEhr.JwksOf(JsonWebKeys.ToPublicJwk(_ehr.Ec, TestEhr.EcKid));
        await host.Accepted(_ehr.Sign("ES384"));

        host.Jwks.Sets[TestEhr.JwksUrl] = _ehr.Jwks;
        host.Time.Advance(TimeSpan.FromMinutes(1));
        await host.Accepted(_ehr.Sign("RS384", TestEhr.Claims(host.Time.GetUtcNow())));

        Assert.Equal(2, host.Jwks.Fetches(TestEhr.JwksUrl));
    }

    [Fact]
    public async Task Given_ABurstOfTokensNamingAKidTheEhrDoesNotPublish_When_Calling_Then_AllAreRefusedAfterOneRefetch()
    {
        await using var host = CdsSecurityHost.Start(_ehr, KeysAtUrl());
        host.Jwks.Sets[TestEhr.JwksUrl] = _ehr.Jwks;
        await host.Accepted(_ehr.Sign("ES384"));
        host.Time.Advance(TimeSpan.FromMinutes(1));

        for (var i = 0; i < 5; i++)
        {
            var response = await host.Call(_ehr.Sign("ES384", TestEhr.Claims(host.Time.GetUtcNow()), kid: $"forged-{i}"));
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.Equal(2, host.Jwks.Fetches(TestEhr.JwksUrl));
    }

    [Fact]
    public async Task Given_TheKeyUrlAnswers404_When_Calling_Then_Unauthorized()
    {
        await using var host = CdsSecurityHost.Start(_ehr, KeysAtUrl());

        Assert.Contains("verifies the signature", await host.Refused(_ehr.Sign("ES384")), StringComparison.Ordinal);
    }

    public void Dispose() => _ehr.Dispose();
}
