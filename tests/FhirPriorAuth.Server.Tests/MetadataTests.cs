using System.Net;
using System.Text.Json;
using FhirPriorAuth.Server.FhirApi.Capabilities;
using FhirPriorAuth.Server.Tests.Infrastructure;

namespace FhirPriorAuth.Server.Tests;

public sealed class MetadataTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Given_AuthEnabled_When_MetadataRequested_Then_CapabilityStatementIsServedWithoutToken()
    {
        await using var server = new FhirServerFactory();
        var response = await server.CreateClient().GetAsync("/fhir/metadata", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);

        var statement = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal("CapabilityStatement", statement.GetProperty("resourceType").GetString());
        Assert.Equal("active", statement.GetProperty("status").GetString());
        Assert.Equal("instance", statement.GetProperty("kind").GetString());
        Assert.Equal("4.0.1", statement.GetProperty("fhirVersion").GetString());
        Assert.Equal(["json"], statement.GetProperty("format").EnumerateArray().Select(f => f.GetString()));
        Assert.True(DateTimeOffset.TryParse(statement.GetProperty("date").GetString(), out _));
        Assert.Equal("FhirPriorAuth", statement.GetProperty("software").GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(statement.GetProperty("software").GetProperty("version").GetString()));
        Assert.EndsWith("/fhir", statement.GetProperty("implementation").GetProperty("url").GetString());

        var rest = Assert.Single(statement.GetProperty("rest").EnumerateArray());
        Assert.Equal("server", rest.GetProperty("mode").GetString());
        var operation = Assert.Single(rest.GetProperty("operation").EnumerateArray(), o => o.GetProperty("name").GetString() == "validate");
        Assert.Equal("http://hl7.org/fhir/OperationDefinition/Resource-validate", operation.GetProperty("definition").GetString());
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("application/fhir+json", null)]
    [InlineData("application/json", null)]
    [InlineData("*/*", null)]
    [InlineData("application/xml", "json")]
    [InlineData("text/html, application/fhir+json;q=0.9", null)]
    public async Task Given_AJsonCompatibleAcceptOrFormat_When_MetadataRequested_Then_FhirJsonIsReturned(string? accept, string? format)
    {
        await using var server = new FhirServerFactory();
        var request = new HttpRequestMessage(HttpMethod.Get, format is null ? "/fhir/metadata" : $"/fhir/metadata?_format={format}");
        if (accept is not null)
            request.Headers.TryAddWithoutValidation("Accept", accept);

        var response = await server.CreateClient().SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Given_AFeatureContribution_When_MetadataRequested_Then_ItsResourceAppearsInTheStatement()
    {
        await using var server = new FhirServerFactory(services: s => s.AddCapability<ClaimSubmitForTest>());
        var statement = JsonDocument.Parse(await server.CreateClient().GetStringAsync("/fhir/metadata", Ct)).RootElement;

        var resource = Assert.Single(statement.GetProperty("rest")[0].GetProperty("resource").EnumerateArray(), r => r.GetProperty("type").GetString() == "Claim");
        Assert.Equal("submit", resource.GetProperty("operation")[0].GetProperty("name").GetString());
    }

    private sealed class ClaimSubmitForTest : ICapabilityContribution
    {
        public void Contribute(CapabilityStatementBuilder statement) =>
            statement.Resource("Claim").AddOperation("submit", "http://hl7.org/fhir/us/davinci-pas/OperationDefinition/Claim-submit");
    }
}
