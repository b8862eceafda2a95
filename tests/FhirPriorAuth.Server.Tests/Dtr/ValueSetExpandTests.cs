using System.Net;
using FhirPriorAuth.Server.Tests.Infrastructure;
using static FhirPriorAuth.Server.Tests.Dtr.DtrTestServer;

namespace FhirPriorAuth.Server.Tests.Dtr;

/// <summary><c>ValueSet/$expand</c> from the server's own expansions.</summary>
public sealed class ValueSetExpandTests
{
    private const string Diagnoses = "http://fhirpriorauth.example.org/fhir/ValueSet/test-net-diagnosis";

    private static IEnumerable<string?> Codes(System.Text.Json.JsonElement valueSet) =>
        valueSet.GetProperty("expansion").TryGetProperty("contains", out var contains)
            ? contains.EnumerateArray().Select(c => c.GetProperty("code").GetString())
            : [];

    [Theory]
    [InlineData("/fhir/ValueSet/$expand?url=" + Diagnoses)]
    [InlineData("/fhir/ValueSet/test-net-diagnosis/$expand")]
    public async Task Given_AnEnumeratedValueSet_When_Expanded_Then_EveryConceptIsListed(string address)
    {
        await using var server = WithTestArtifacts();
        var (status, body) = await GetAsync(server, address);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, body.GetProperty("expansion").GetProperty("total").GetInt32());
        Assert.Equal(["C7A.010", "C7A.012", "C25.4"], Codes(body));
    }

    [Fact]
    public async Task Given_AValueSetOfAWholeCodeSystem_When_Expanded_Then_NestedConceptsAreIncluded()
    {
        await using var server = WithTestArtifacts();
        var (_, body) = await GetAsync(server, "/fhir/ValueSet/test-evidence/$expand");

        Assert.Equal(["sstr-positive", "sstr-pet", "progression"], Codes(body));
    }

    [Fact]
    public async Task Given_FilterAndPaging_When_Expanded_Then_OnlyThatPageOfMatchesIsListed()
    {
        await using var server = WithTestArtifacts();
        var (_, body) = await GetAsync(server, $"/fhir/ValueSet/$expand?url={Diagnoses}&filter=carcinoid&offset=1&count=5");

        Assert.Equal(2, body.GetProperty("expansion").GetProperty("total").GetInt32());
        Assert.Equal(["C7A.012"], Codes(body));
    }

    [Fact]
    public async Task Given_AParametersBody_When_ExpandedByPost_Then_TheExpansionIsReturned()
    {
        await using var server = WithTestArtifacts();
        var (status, body) = await PostAsync(server, "/fhir/ValueSet/$expand",
            Parameters(("url", System.Text.Json.Nodes.JsonValue.Create(Diagnoses)!)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, Codes(body).Count());
    }

    [Theory]
    [InlineData("/fhir/ValueSet/$expand?url=http://example.org/unknown", HttpStatusCode.NotFound)]
    [InlineData("/fhir/ValueSet/unknown/$expand", HttpStatusCode.NotFound)]
    [InlineData("/fhir/ValueSet/$expand", HttpStatusCode.BadRequest)]
    [InlineData("/fhir/ValueSet/$expand?url=" + Diagnoses + "&count=many", HttpStatusCode.BadRequest)]
    [InlineData("/fhir/ValueSet/test-needs-terminology/$expand", HttpStatusCode.UnprocessableEntity)]
    public async Task Given_AnExpansionThatCannotBeMade_When_Expanded_Then_AnOperationOutcomeSaysWhy(string address, HttpStatusCode expected)
    {
        await using var server = WithTestArtifacts();
        var response = await server.CreateClient().GetAsync(address, Ct);

        await FhirAssert.OperationOutcome(response, expected);
    }
}
