using FhirPriorAuth.Server.CdsHooks;
using FhirPriorAuth.Server.CdsHooks.Security;
using FhirPriorAuth.Server.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.Tests.CdsHooks.Security;

/// <summary>A trusted CDS client registration that could never verify a token stops the server at start, saying which key is wrong.</summary>
public sealed class CdsClientRegistrationTests : IDisposable
{
    private const string At = "CdsHooks:TrustedClients:0";

    private readonly TestEhr _ehr = new();

    [Fact]
    public void Given_AnIssuerWithInlineKeys_When_Starting_Then_Accepted() =>
        Assert.Null(Refusal(new() { [$"{At}:Issuer"] = TestEhr.Issuer, [$"{At}:Jwks"] = _ehr.Jwks }));

    [Fact]
    public void Given_AnIssuerWithAJwksUrlAndAllowedJku_When_Starting_Then_Accepted() =>
        Assert.Null(Refusal(new()
        {
            [$"{At}:Issuer"] = TestEhr.Issuer,
            [$"{At}:JwksUrl"] = TestEhr.JwksUrl,
            [$"{At}:AllowedJku:0"] = "https://keys.ehr.example.org/jwks.json",
            ["CdsHooks:PublicBaseUrl"] = "https://payer.example/crd",
        }));

    [Fact]
    public void Given_KeysWithoutAnIssuer_When_Starting_Then_Refused() =>
        Assert.Contains($"{At}:Issuer is required", Refusal(new() { [$"{At}:Jwks"] = _ehr.Jwks }), StringComparison.Ordinal);

    [Fact]
    public void Given_AnIssuerWithoutKeys_When_Starting_Then_Refused() =>
        Assert.Contains($"{At} needs exactly one of Jwks or JwksUrl", Refusal(new() { [$"{At}:Issuer"] = TestEhr.Issuer }), StringComparison.Ordinal);

    [Fact]
    public void Given_BothInlineKeysAndAUrl_When_Starting_Then_Refused() =>
        Assert.Contains($"{At} needs exactly one of Jwks or JwksUrl",
            Refusal(new() { [$"{At}:Issuer"] = TestEhr.Issuer, [$"{At}:Jwks"] = _ehr.Jwks, [$"{At}:JwksUrl"] = TestEhr.JwksUrl }), StringComparison.Ordinal);

    [Fact]
    public void Given_InlineKeysWithNoUsableKey_When_Starting_Then_Refused() =>
        Assert.Contains($"{At}:Jwks is not a JWK Set",
            Refusal(new() { [$"{At}:Issuer"] = TestEhr.Issuer, [$"{At}:Jwks"] = """{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}""" }), StringComparison.Ordinal);

    [Fact]
    public void Given_AJwksUrlThatIsNotHttp_When_Starting_Then_Refused() =>
        Assert.Contains($"{At}:JwksUrl must be an absolute http or https URL",
            Refusal(new() { [$"{At}:Issuer"] = TestEhr.Issuer, [$"{At}:JwksUrl"] = "file:///etc/keys.json" }), StringComparison.Ordinal);

    [Fact]
    public void Given_AnAllowedJkuThatIsNotAUrl_When_Starting_Then_Refused() =>
        Assert.Contains($"{At}:AllowedJku:0 must be an absolute http or https URL",
            Refusal(new() { [$"{At}:Issuer"] = TestEhr.Issuer, [$"{At}:Jwks"] = _ehr.Jwks, [$"{At}:AllowedJku:0"] = "keys.json" }), StringComparison.Ordinal);

    [Fact]
    public void Given_TheSameIssuerTwice_When_Starting_Then_Refused() =>
        Assert.Contains($"is registered more than once", Refusal(new()
        {
            [$"{At}:Issuer"] = TestEhr.Issuer,
            [$"{At}:Jwks"] = _ehr.Jwks,
            ["CdsHooks:TrustedClients:1:Issuer"] = TestEhr.Issuer,
            ["CdsHooks:TrustedClients:1:JwksUrl"] = TestEhr.JwksUrl,
        }), StringComparison.Ordinal);

    [Fact]
    public void Given_APublicBaseUrlThatIsNotAUrl_When_Starting_Then_Refused() =>
        Assert.Contains("CdsHooks:PublicBaseUrl must be an absolute http or https URL", Refusal(new() { ["CdsHooks:PublicBaseUrl"] = "payer.example" }), StringComparison.Ordinal);

    [Fact]
    public async Task Given_AnIssuerWithoutKeys_When_TheServerProcessStarts_Then_ItExitsNamingTheSetting()
    {
        var exit = await ServerProcess.RunUntilExitAsync(["--urls", "http://127.0.0.1:0", $"--{At}:Issuer={TestEhr.Issuer}"],
            TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.True(exit is not null, "the server kept running with an unusable CDS client registration");
        Assert.NotEqual(0, exit.ExitCode);
        Assert.Contains($"The server refuses to start: {At} needs exactly one of Jwks or JwksUrl", exit.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", exit.Output, StringComparison.Ordinal);
    }

    /// <summary>The start-up check as the application registers it; null when the configuration is accepted.</summary>
    private static string? Refusal(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddCdsClientAuthentication();
        using var provider = services.BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptions<CdsClientOptions>>().Value;
            return null;
        }
        catch (OptionsValidationException refusal)
        {
            return refusal.Message;
        }
    }

    public void Dispose() => _ehr.Dispose();
}
