using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.CdsHooks;
using FhirPriorAuth.Server.Tests.Infrastructure;

namespace FhirPriorAuth.Server.Tests;

public sealed class CdsDiscoveryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Given_AnyServer_When_DiscoveryRequestedWithoutToken_Then_TheServiceListIsReturned()
    {
        await using var server = new FhirServerFactory();
        var response = await server.CreateClient().GetAsync("/cds-services", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(JsonValueKind.Array, body.GetProperty("services").ValueKind);
    }

    [Fact]
    public async Task Given_ARegisteredService_When_DiscoveryRequested_Then_ItIsDescribedWithSpecFieldNames()
    {
        await using var server = new FhirServerFactory(services: s => s.AddCdsService<OrderSignForTest>());
        var body = JsonDocument.Parse(await server.CreateClient().GetStringAsync("/cds-services", Ct)).RootElement;

        var service = Assert.Single(body.GetProperty("services").EnumerateArray(), s => s.GetProperty("id").GetString() == "order-sign-crd");
        Assert.Equal("order-sign", service.GetProperty("hook").GetString());
        Assert.Equal("Coverage requirements", service.GetProperty("description").GetString());
        Assert.Equal("Patient/{{context.patientId}}", service.GetProperty("prefetch").GetProperty("patient").GetString());
        Assert.False(service.TryGetProperty("title", out _));
    }

    [Fact]
    public async Task Given_ABrowserOnAnotherOrigin_When_DiscoveryRequested_Then_CorsAllowsIt()
    {
        await using var server = new FhirServerFactory();
        var client = server.CreateClient();

        var preflight = new HttpRequestMessage(HttpMethod.Options, "/cds-services");
        preflight.Headers.Add("Origin", "https://ehr.example.org");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        var preflightResponse = await client.SendAsync(preflight, Ct);
        Assert.True(preflightResponse.IsSuccessStatusCode, $"preflight answered {(int)preflightResponse.StatusCode}");
        Assert.Equal("*", preflightResponse.Headers.GetValues("Access-Control-Allow-Origin").Single());

        var get = new HttpRequestMessage(HttpMethod.Get, "/cds-services");
        get.Headers.Add("Origin", "https://ehr.example.org");
        var response = await client.SendAsync(get, Ct);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    private sealed class OrderSignForTest : ICdsService
    {
        public CdsServiceDescriptor Descriptor { get; } = new("order-sign-crd", "order-sign", "Coverage requirements")
        {
            Prefetch = new Dictionary<string, string> { ["patient"] = "Patient/{{context.patientId}}" },
        };

        public Task<JsonObject> InvokeAsync(CdsHookRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(new JsonObject { ["cards"] = new JsonArray() });
    }
}
