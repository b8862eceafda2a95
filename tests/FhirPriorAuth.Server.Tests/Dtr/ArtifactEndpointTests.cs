using System.Net;
using FhirPriorAuth.Server.Tests.Infrastructure;
using static FhirPriorAuth.Server.Tests.Dtr.DtrTestServer;

namespace FhirPriorAuth.Server.Tests.Dtr;

/// <summary>Read and search of the published Questionnaires, Libraries and ValueSets.</summary>
public sealed class ArtifactEndpointTests
{
    [Theory]
    [InlineData("Questionnaire", "test-wellmark-lutathera")]
    [InlineData("Library", "TestHelpers")]
    [InlineData("ValueSet", "test-net-diagnosis")]
    public async Task Given_APublishedArtifact_When_ReadById_Then_ItIsReturned(string type, string id)
    {
        await using var server = WithTestArtifacts();
        var (status, body) = await GetAsync(server, $"/fhir/{type}/{id}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(type, body.GetProperty("resourceType").GetString());
        Assert.Equal(id, body.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("Questionnaire")]
    [InlineData("Library")]
    [InlineData("ValueSet")]
    public async Task Given_AnUnknownId_When_Read_Then_404OperationOutcome(string type)
    {
        await using var server = WithTestArtifacts();
        var response = await server.CreateClient().GetAsync($"/fhir/{type}/no-such-thing", Ct);

        await FhirAssert.OperationOutcome(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/fhir/Questionnaire?url=http://fhirpriorauth.example.org/fhir/Questionnaire/test-centene-everolimus", new[] { "test-centene-everolimus" })]
    [InlineData("/fhir/Questionnaire?url=http://fhirpriorauth.example.org/fhir/Questionnaire/test-centene-everolimus&version=9.9.9", new string[0])]
    [InlineData("/fhir/Questionnaire?status=retired", new[] { "test-cbc-lutathera" })]
    [InlineData("/fhir/Library?name=testhelp", new[] { "TestHelpers" })]
    [InlineData("/fhir/ValueSet?status=draft", new[] { "test-needs-terminology" })]
    public async Task Given_SearchParameters_When_Searched_Then_ASearchsetOfTheMatchesIsReturned(string query, string[] ids)
    {
        await using var server = WithTestArtifacts();
        var (status, body) = await GetAsync(server, query);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("searchset", body.GetProperty("type").GetString());
        Assert.Equal(ids.Length, body.GetProperty("total").GetInt32());
        Assert.Equal(ids, EntryResources(body).Select(r => r.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Given_NoParameters_When_Searched_Then_EveryArtifactOfTheTypeIsListed()
    {
        await using var server = WithTestArtifacts();
        var (_, body) = await GetAsync(server, "/fhir/Questionnaire");

        Assert.Equal(3, body.GetProperty("total").GetInt32());
    }
}
