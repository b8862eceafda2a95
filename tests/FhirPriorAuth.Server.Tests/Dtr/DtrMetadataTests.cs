using System.Net;
using static FhirPriorAuth.Server.Tests.Dtr.DtrTestServer;

namespace FhirPriorAuth.Server.Tests.Dtr;

/// <summary>The CapabilityStatement lists the DTR resources, searches and operations, and nothing DTR does not serve.</summary>
public sealed class DtrMetadataTests
{
    [Fact]
    public async Task Given_TheDtrEndpoints_When_MetadataRequested_Then_TheirResourcesSearchesAndOperationsAreListed()
    {
        await using var server = WithTestArtifacts();
        var (status, statement) = await GetAsync(server, "/fhir/metadata");

        Assert.Equal(HttpStatusCode.OK, status);
        var rest = statement.GetProperty("rest")[0];
        var resources = rest.GetProperty("resource").EnumerateArray().ToDictionary(r => r.GetProperty("type").GetString()!);
        foreach (var type in new[] { "Questionnaire", "Library", "ValueSet" })
        {
            Assert.Equal(["read", "search-type"], resources[type].GetProperty("interaction").EnumerateArray().Select(i => i.GetProperty("code").GetString()));
            Assert.Equal(["url", "version", "name", "status", "_id"],
                resources[type].GetProperty("searchParam").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        }
        Assert.Contains(resources["Questionnaire"].GetProperty("operation").EnumerateArray(), o =>
            o.GetProperty("name").GetString() == "questionnaire-package"
            && o.GetProperty("definition").GetString() == "http://hl7.org/fhir/us/davinci-dtr/OperationDefinition/questionnaire-package");
        Assert.Contains(resources["Questionnaire"].GetProperty("operation").EnumerateArray(), o =>
            o.GetProperty("name").GetString() == "log-questionnaire-errors"
            && o.GetProperty("definition").GetString() == "http://hl7.org/fhir/us/davinci-dtr/OperationDefinition/log-questionnaire-errors");
        Assert.Contains(resources["ValueSet"].GetProperty("operation").EnumerateArray(), o =>
            o.GetProperty("name").GetString() == "expand"
            && o.GetProperty("definition").GetString() == "http://hl7.org/fhir/OperationDefinition/ValueSet-expand");
        Assert.Contains(rest.GetProperty("operation").EnumerateArray(), o => o.GetProperty("name").GetString() == "questionnaire-package");
        Assert.DoesNotContain(resources["Questionnaire"].GetProperty("interaction").EnumerateArray(), i => i.GetProperty("code").GetString() == "create");
    }

    [Fact]
    public async Task Given_AuthEnabled_When_ThePackageIsRequestedWithoutAToken_Then_401()
    {
        await using var server = WithTestArtifacts(("Auth:Enabled", "true"));
        var response = await server.CreateClient().GetAsync("/fhir/Questionnaire/test-wellmark-lutathera", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
