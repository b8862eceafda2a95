using System.Net;
using System.Text.Json;
using FhirPriorAuth.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.Tests;

/// <summary>The same application on real Kestrel and a real socket, bound where <c>urls</c> says.</summary>
public sealed class KestrelSocketTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Given_KestrelOnAnEphemeralLoopbackPort_When_MetadataRequestedOverASocket_Then_CapabilityStatement()
    {
        // 127.0.0.2 rather than Kestrel's usual 127.0.0.1 shows the address really comes from the urls setting.
        await using var server = new FhirServerFactory(new Dictionary<string, string?> { ["urls"] = "http://127.0.0.2:0" });
        server.UseKestrel();
        server.StartServer();

        using var client = server.CreateClient();
        Assert.Equal("127.0.0.2", client.BaseAddress?.Host);
        Assert.NotEqual(0, client.BaseAddress?.Port);

        var response = await client.GetAsync("/fhir/metadata", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        var statement = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("CapabilityStatement", statement.GetProperty("resourceType").GetString());
        Assert.Equal($"http://127.0.0.2:{client.BaseAddress!.Port}/fhir", statement.GetProperty("implementation").GetProperty("url").GetString());
    }

    [Fact]
    public async Task Given_AuthDisabledOnRealLoopback_When_ValidatingOverASocket_Then_TheRequestPasses()
    {
        await using var server = new FhirServerFactory(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Auth:Enabled"] = "false",
        });
        server.UseKestrel();
        server.StartServer();
        using var client = server.CreateClient();

        var response = await client.SendAsync(FhirRequests.Post("/fhir/$validate", """{"resourceType":"Patient","active":true}"""), Ct);

        await FhirAssert.OperationOutcome(response, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Given_AConfiguredBodyLimit_When_KestrelIsConfigured_Then_ItEnforcesTheSameLimit()
    {
        await using var server = new FhirServerFactory(new Dictionary<string, string?> { ["Server:MaxRequestBodyBytes"] = "12345" });
        server.UseKestrel();
        server.StartServer();

        var kestrel = server.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;

        Assert.Equal(12345, kestrel.Limits.MaxRequestBodySize);
    }

    [Fact]
    public async Task Given_AChunkedBodyOverTheLimit_When_KestrelReadsIt_Then_413OperationOutcome()
    {
        await using var server = new FhirServerFactory(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Auth:Enabled"] = "false",
            ["Server:MaxRequestBodyBytes"] = "1000",
        });
        server.UseKestrel();
        server.StartServer();
        using var client = server.CreateClient();

        // Chunked, so no Content-Length lets the server refuse up front: the limit trips while reading.
        var response = await client.SendAsync(FhirRequests.Post("/fhir/$validate", new GeneratedJsonContent(64 * 1024, declareLength: false)), Ct);

        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(["too-long"], FhirAssert.IssueCodes(outcome));
    }
}
