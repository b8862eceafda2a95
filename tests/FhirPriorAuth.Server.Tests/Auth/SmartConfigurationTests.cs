using System.Net;
using System.Text.Json;
using FhirPriorAuth.Server.Auth;
using Microsoft.AspNetCore.Http;

namespace FhirPriorAuth.Server.Tests.Auth;

public sealed class SmartConfigurationTests : IDisposable
{
    private readonly TestClient _client = new();

    [Theory]
    [InlineData("/.well-known/smart-configuration")]
    [InlineData("/fhir/.well-known/smart-configuration")]
    public async Task Given_NoToken_When_ReadingSmartConfiguration_Then_ItAdvertisesBackendServices(string path)
    {
        await using var server = SmartRequests.Server(_client);

        var response = await server.CreateClient().GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal(TestClient.TokenEndpoint, json.GetProperty("token_endpoint").GetString());
        Assert.Equal(["private_key_jwt"], Strings(json, "token_endpoint_auth_methods_supported"));
        Assert.Equal(["RS384", "ES384"], Strings(json, "token_endpoint_auth_signing_alg_values_supported"));
        Assert.Equal(["client_credentials"], Strings(json, "grant_types_supported"));
        Assert.Contains("system/Claim.c", Strings(json, "scopes_supported"));
        Assert.Equal(["client-confidential-asymmetric", "permission-v2"], Strings(json, "capabilities"));
    }

    // Every endpoint a client can be granted access to is reachable with the advertised scopes alone: a reviewer
    // system asking for exactly what the discovery document lists can read its work list and decide.
    [Theory]
    [InlineData("GET", "/review/tasks")]
    [InlineData("GET", "/review/tasks/t1")]
    [InlineData("POST", "/review/tasks/t1/decision")]
    [InlineData("POST", "/fhir/Claim/$submit")]
    [InlineData("POST", "/fhir/Claim/$inquire")]
    [InlineData("POST", "/fhir/Subscription")]
    [InlineData("PUT", "/fhir/Subscription/s1")]
    [InlineData("DELETE", "/fhir/Subscription/s1")]
    [InlineData("GET", "/fhir/Subscription/s1/$status")]
    [InlineData("GET", "/fhir/Subscription")]
    [InlineData("POST", "/fhir/Questionnaire/$questionnaire-package")]
    public async Task Given_TheAdvertisedScopes_When_AnEndpointNeedsAScope_Then_OneOfThemCoversIt(string method, string path)
    {
        await using var server = SmartRequests.Server(_client);
        var response = await server.CreateClient().GetAsync("/.well-known/smart-configuration", TestContext.Current.CancellationToken);
        var advertised = Strings(JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement,
            "scopes_supported");

        var required = FhirScopes.Required(method, new PathString(path));

        Assert.True(FhirScopes.Allows(advertised, required), $"{method} {path} needs {required}, which no advertised scope covers");
    }

    [Fact]
    public async Task Given_AReviewer_When_ReadingSmartConfiguration_Then_TheTaskScopesAreListed()
    {
        await using var server = SmartRequests.Server(_client);

        var response = await server.CreateClient().GetAsync("/.well-known/smart-configuration", TestContext.Current.CancellationToken);

        var scopes = Strings(JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement,
            "scopes_supported");
        Assert.Contains("system/Task.rs", scopes);
        Assert.Contains("system/Task.u", scopes);
        Assert.Contains("system/Subscription.rs", scopes);
        Assert.Contains("system/Subscription.cud", scopes);
    }

    [Fact]
    public async Task Given_AConfiguredTokenEndpoint_When_AClientSignsForIt_Then_ItIsTheAudienceThatCounts()
    {
        const string published = "https://payer.example.org/auth/token";
        await using var server = SmartRequests.Server(_client, extra: new() { ["Auth:TokenEndpoint"] = published });
        var http = server.CreateClient();
        var forPublished = TestClient.Claims();
        forPublished["aud"] = published;

        var accepted = await SmartRequests.RequestToken(http, _client.Sign("ES384", forPublished));
        var forRequestHost = await SmartRequests.RequestToken(http, _client.Sign("ES384"));

        await SmartRequests.Token(accepted);
        Assert.Equal("invalid_client", await SmartRequests.Error(forRequestHost, HttpStatusCode.Unauthorized));
    }

    private static string[] Strings(JsonElement json, string name) =>
        json.GetProperty(name).EnumerateArray().Select(e => e.GetString()!).ToArray();

    public void Dispose() => _client.Dispose();
}
