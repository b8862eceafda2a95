using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using FhirPriorAuth.Server.Auth;
using FhirPriorAuth.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FhirPriorAuth.Server.Tests;

public sealed class AuthGateTests
{
    private const string ValidBody = """{"resourceType":"Patient","active":true}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Given_AuthEnabled_When_CallingWithoutToken_Then_401LoginOutcomeWithBearerChallenge()
    {
        await using var server = new FhirServerFactory();
        var response = await server.CreateClient().SendAsync(FhirRequests.Post("/fhir/$validate", ValidBody), Ct);

        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.Unauthorized);
        Assert.Equal(["login"], FhirAssert.IssueCodes(outcome));
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Fact]
    public async Task Given_AuthEnabled_When_CallingWithATokenThisServerDidNotIssue_Then_401InvalidToken()
    {
        await using var server = new FhirServerFactory();
        var request = FhirRequests.Post("/fhir/$validate", ValidBody);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TokenAcceptingGood.GoodToken);
        var response = await server.CreateClient().SendAsync(request, Ct);

        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.Unauthorized);
        Assert.Equal(["login"], FhirAssert.IssueCodes(outcome));
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("invalid_token", challenge.Parameter, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TokenAcceptingGood.GoodToken, HttpStatusCode.OK)]
    [InlineData("forged", HttpStatusCode.Unauthorized)]
    public async Task Given_AValidatorIsRegistered_When_CallingWithAToken_Then_ItDecides(string token, HttpStatusCode expected)
    {
        await using var server = new FhirServerFactory(services: s => s.AddSingleton<IAccessTokenValidator, TokenAcceptingGood>());
        var request = FhirRequests.Post("/fhir/$validate", ValidBody);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await server.CreateClient().SendAsync(request, Ct);

        await FhirAssert.OperationOutcome(response, expected);
    }

    [Fact]
    public async Task Given_AValidatorIsRegistered_When_CallingWithBasicCredentials_Then_401()
    {
        await using var server = new FhirServerFactory(services: s => s.AddSingleton<IAccessTokenValidator, TokenAcceptingGood>());
        var request = FhirRequests.Post("/fhir/$validate", ValidBody);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", TokenAcceptingGood.GoodToken);
        var response = await server.CreateClient().SendAsync(request, Ct);

        await FhirAssert.OperationOutcome(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Given_AuthDisabledOnTheLoopbackTestHost_When_CallingWithoutToken_Then_TheRequestPasses()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var response = await server.CreateClient().SendAsync(FhirRequests.Post("/fhir/$validate", ValidBody), Ct);

        await FhirAssert.OperationOutcome(response, HttpStatusCode.OK);
        Assert.Contains(server.Logs, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("AUTHENTICATION IS DISABLED", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("urls", "http://0.0.0.0:8080")]
    [InlineData("urls", "http://127.0.0.1:8080;http://*:8081")]
    [InlineData("urls", "http://+:8080")]
    [InlineData("urls", "http://payer.example.org:8080")]
    [InlineData("http_ports", "8080")]
    [InlineData("Kestrel:Endpoints:Public:Url", "http://10.1.2.3:8080")]
    public void Given_AuthDisabledAndANonLoopbackAddress_When_Checked_Then_StartIsRefused(string key, string address)
    {
        var refusal = StartupChecks.Refusal(new Dictionary<string, string?> { ["Auth:Enabled"] = "false", [key] = address });

        Assert.NotNull(refusal);
        Assert.Contains("Auth:Enabled=false is only allowed when the server listens on loopback addresses", refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true", "http://0.0.0.0:8080", "https://payer.example/auth/token")]
    [InlineData("true", "http://127.0.0.1:8080;http://[::1]:8080", null)]
    [InlineData("false", "http://127.0.0.1:8080;http://[::1]:8080;https://localhost:8443", null)]
    [InlineData("false", null, null)]
    public void Given_AnAcceptableAuthAndAddressCombination_When_Checked_Then_Accepted(string enabled, string? urls, string? tokenEndpoint) =>
        Assert.Null(StartupChecks.Refusal(new Dictionary<string, string?> { ["Auth:Enabled"] = enabled, ["urls"] = urls, ["Auth:TokenEndpoint"] = tokenEndpoint }));

    [Theory]
    [InlineData("urls", "http://0.0.0.0:8080")]
    [InlineData("http_ports", "8080")]
    public void Given_AuthEnabledBeyondLoopbackWithoutAPublicUrl_When_Checked_Then_StartIsRefused(string key, string address)
    {
        var refusal = StartupChecks.Refusal(new Dictionary<string, string?> { ["Auth:Enabled"] = "true", [key] = address });

        Assert.NotNull(refusal);
        Assert.Contains("Auth:TokenEndpoint (the token endpoint's public URL", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_AuthDisabledAndOnlyLoopbackAddresses_When_Starting_Then_TheServerStarts()
    {
        await using var server = new FhirServerFactory(new Dictionary<string, string?>
        {
            ["Auth:Enabled"] = "false",
            ["urls"] = "http://127.0.0.1:8080;http://[::1]:8080;http://localhost:8081",
        });

        var response = await server.CreateClient().GetAsync("/fhir/metadata", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Given_AuthEnabledAndANonLoopbackAddress_When_Starting_Then_TheServerStarts()
    {
        await using var server = new FhirServerFactory(new Dictionary<string, string?>
        {
            ["urls"] = "http://0.0.0.0:8080",
            ["Auth:TokenEndpoint"] = "https://payer.example/auth/token",
        });

        var response = await server.CreateClient().GetAsync("/fhir/metadata", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private sealed class TokenAcceptingGood : IAccessTokenValidator
    {
        public const string GoodToken = "good-token";

        public Task<ClaimsPrincipal?> ValidateAsync(string accessToken, CancellationToken cancellationToken) =>
            Task.FromResult(accessToken == GoodToken
                ? new ClaimsPrincipal(new ClaimsIdentity([new Claim("client_id", "test-provider")], "test"))
                : null);
    }
}
