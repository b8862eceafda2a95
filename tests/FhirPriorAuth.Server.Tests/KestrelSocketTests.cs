using System.Net;
using System.Text.Json;
using FhirPriorAuth.Server.Tests.Infrastructure;

namespace FhirPriorAuth.Server.Tests;

public sealed class KestrelSocketTests
{
    [Fact]
    public async Task Given_KestrelOnAnEphemeralLoopbackPort_When_MetadataRequestedOverASocket_Then_CapabilityStatement()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = new FhirServerFactory(new Dictionary<string, string?> { ["urls"] = "http://127.0.0.1:0" });
        server.UseKestrel();
        server.StartServer();

        using var client = server.CreateClient();
        Assert.Equal("127.0.0.1", client.BaseAddress?.Host);
        Assert.NotEqual(0, client.BaseAddress?.Port);

        var response = await client.GetAsync("/fhir/metadata", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        var statement = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement;
        Assert.Equal("CapabilityStatement", statement.GetProperty("resourceType").GetString());
        Assert.Equal($"http://127.0.0.1:{client.BaseAddress!.Port}/fhir", statement.GetProperty("implementation").GetProperty("url").GetString());
    }
}
