using FhirPriorAuth.Server.Tests.Infrastructure;

namespace FhirPriorAuth.Server.Tests.Auth;

public sealed class ClientRegistrationTests : IDisposable
{
    private readonly TestClient _client = new();

    [Fact]
    public void Given_AWellFormedRegistration_When_Starting_Then_Accepted() =>
        Assert.Null(StartupChecks.Refusal(Registration()));

    [Theory]
    [InlineData("Auth:Clients:0:ClientId", "", "ClientId is required")]
    [InlineData("Auth:Clients:0:Jwks", "{\"keys\":[]}", "Jwks is not a JWK Set")]
    [InlineData("Auth:Clients:0:Jwks", "not json", "Jwks is not a JWK Set")]
    [InlineData("Auth:Clients:0:JwksUrl", "https://provider.example.org/jwks.json", "exactly one of Jwks or JwksUrl")]
    [InlineData("Auth:Clients:0:Scopes", "patient/*.read", "Scopes must list system/ scopes")]
    [InlineData("Auth:TokenEndpoint", "/auth/token", "Auth:TokenEndpoint must be an absolute http or https URL")]
    [InlineData("Auth:AccessTokenLifetimeSeconds", "0", "AccessTokenLifetimeSeconds must be between 1 and 3600")]
    public void Given_ABrokenRegistration_When_Starting_Then_RefusedNamingTheKey(string key, string value, string message)
    {
        var settings = Registration();
        settings[key] = value;

        var refusal = StartupChecks.Refusal(settings);

        Assert.NotNull(refusal);
        Assert.Contains(message, refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_AJwksUrlThatIsNotHttp_When_Starting_Then_Refused()
    {
        var settings = Registration();
        settings["Auth:Clients:0:Jwks"] = null;
        settings["Auth:Clients:0:JwksUrl"] = "file:///etc/keys.json";

        Assert.Contains("JwksUrl must be an absolute http or https URL", StartupChecks.Refusal(settings), StringComparison.Ordinal);
    }

    private Dictionary<string, string?> Registration() => new()
    {
        ["Auth:Clients:0:ClientId"] = TestClient.Id,
        ["Auth:Clients:0:Jwks"] = _client.Jwks,
        ["Auth:Clients:0:Scopes"] = "system/Claim.c system/ClaimResponse.read",
    };

    public void Dispose() => _client.Dispose();
}
