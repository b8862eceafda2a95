using System.Net;
using System.Security.Cryptography;
using FhirPriorAuth.Server.Auth;
using FhirPriorAuth.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.Tests.Auth;

public sealed class AccessTokenTests : IDisposable
{
    private readonly TestClient _client = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Given_AnExpiredAccessToken_When_CallingFhir_Then_401()
    {
        await using var server = SmartRequests.Server(_client);
        var expired = server.Services.GetRequiredService<AccessTokens>()
            .Issue(TestClient.Id, "system/*.*", "http://localhost", "http://localhost/fhir", DateTimeOffset.UtcNow.AddHours(-1));

        var response = await SmartRequests.Validate(server.CreateClient(), expired);

        await FhirAssert.OperationOutcome(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Given_ATamperedAccessToken_When_CallingFhir_Then_401()
    {
        await using var server = SmartRequests.Server(_client);
        var http = server.CreateClient();
        var token = (await SmartRequests.Token(await SmartRequests.RequestToken(http, _client.Sign("ES384"), scope: "system/Claim.c")))
            .GetProperty("access_token").GetString()!;
        var parts = token.Split('.');
        var widened = TestClient.Encode(new Dictionary<string, object>
        {
            ["iss"] = "http://localhost", ["aud"] = "http://localhost/fhir", ["client_id"] = TestClient.Id,
            ["scope"] = "system/*.*", ["exp"] = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds(),
        });

        var response = await SmartRequests.Validate(http, parts[0] + "." + widened + "." + parts[2]);

        await FhirAssert.OperationOutcome(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Given_ATokenFromAnotherServer_When_CallingFhir_Then_401()
    {
        await using var other = SmartRequests.Server(_client);
        await using var server = SmartRequests.Server(_client);
        var foreign = (await SmartRequests.Token(await SmartRequests.RequestToken(other.CreateClient(), _client.Sign("ES384"))))
            .GetProperty("access_token").GetString()!;

        var response = await SmartRequests.Validate(server.CreateClient(), foreign);

        await FhirAssert.OperationOutcome(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Given_ATokenWithoutTheNeededScope_When_CallingFhir_Then_403NamingTheScope()
    {
        await using var server = SmartRequests.Server(_client);
        var http = server.CreateClient();
        var token = (await SmartRequests.Token(await SmartRequests.RequestToken(http, _client.Sign("RS384"), scope: "system/Claim.c")))
            .GetProperty("access_token").GetString()!;

        var response = await SmartRequests.Get(http, "/fhir/ValueSet/some-codes", token);

        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.Forbidden);
        Assert.Equal(["forbidden"], FhirAssert.IssueCodes(outcome));
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("error=\"insufficient_scope\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Contains("scope=\"system/ValueSet.r\"", challenge.Parameter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_ATokenWithTheNeededScope_When_CallingFhir_Then_TheGateLetsItThrough()
    {
        await using var server = SmartRequests.Server(_client);
        var http = server.CreateClient();
        var token = (await SmartRequests.Token(await SmartRequests.RequestToken(http, _client.Sign("RS384"), scope: "system/ValueSet.read")))
            .GetProperty("access_token").GetString()!;

        var response = await SmartRequests.Get(http, "/fhir/ValueSet/no-such-value-set", token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Given_AuthOn_When_ReadingMetadataOrSmartConfiguration_Then_NoTokenIsNeeded()
    {
        await using var server = SmartRequests.Server(_client);
        var http = server.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/fhir/metadata", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/.well-known/smart-configuration", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/fhir/.well-known/smart-configuration", Ct)).StatusCode);
    }

    public void Dispose() => _client.Dispose();
}
