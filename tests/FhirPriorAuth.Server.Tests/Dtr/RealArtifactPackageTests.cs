using System.Net;
using FhirPriorAuth.Fhir.Serialization;
using FhirPriorAuth.Policies.Artifacts;
using FhirPriorAuth.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static FhirPriorAuth.Server.Tests.Dtr.DtrTestServer;

namespace FhirPriorAuth.Server.Tests.Dtr;

/// <summary>
/// The deployed artifacts (questionnaires/ and the project package, copied beside the server): each payer's form
/// for each drug, packaged with its CQL libraries, expanded value sets and a draft response.
/// </summary>
public sealed class RealArtifactPackageTests
{
    private const string RxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";
    private const string Ndc = "http://hl7.org/fhir/sid/ndc";
    private const string Hcpcs = "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";

    public static TheoryData<string, string, string, string, string[]> Forms => new()
    {
        { "capital-blue-cross", Hcpcs, "A9513", "capital-blue-cross-lutathera", ["capital-blue-cross-lutathera", "prior-auth-evidence"] },
        { "wellmark", RxNorm, "1999687", "wellmark-lutathera", ["wellmark-lutathera", "prior-auth-evidence"] },
        { "centene", Ndc, "0078-0567-51", "centene-everolimus", ["centene-everolimus", "prior-auth-evidence"] },
        { "centene", RxNorm, "845507", "centene-everolimus", ["centene-everolimus", "prior-auth-evidence"] },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task Given_ADeployedPayerAndDrug_When_PackageRequested_Then_ItsFormComesWithLibrariesValueSetsAndADraft(
        string payer, string system, string code, string questionnaireId, string[] libraryIds)
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var response = await server.CreateClient().SendAsync(FhirRequests.Post("/fhir/Questionnaire/$questionnaire-package",
            Parameters(("coverage", Coverage(payer)), ("order", MedicationOrder(system, code))).ToJsonString()), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var parsed = FhirJsonParser.Parse(text);
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Issues.Select(i => $"{i.Expression}: {i.Message}")));

        var bundle = Assert.Single(PackageBundles(System.Text.Json.JsonDocument.Parse(text).RootElement));
        var resources = EntryResources(bundle).ToList();
        Assert.Equal(questionnaireId, resources[0].GetProperty("id").GetString());
        Assert.Equal(libraryIds, resources.Where(r => r.GetProperty("resourceType").GetString() == "Library").Select(r => r.GetProperty("id").GetString()));
        foreach (var library in resources.Where(r => r.GetProperty("resourceType").GetString() == "Library"))
        {
            var types = library.GetProperty("content").EnumerateArray().Select(c => c.GetProperty("contentType").GetString()).ToList();
            Assert.Contains("text/cql", types);
            Assert.Contains("application/elm+json", types);
        }
        var valueSets = resources.Where(r => r.GetProperty("resourceType").GetString() == "ValueSet").ToList();
        Assert.NotEmpty(valueSets);
        Assert.All(valueSets, v => Assert.True(v.TryGetProperty("expansion", out _), v.GetProperty("id").GetString()));

        var draft = resources[^1];
        Assert.Equal("QuestionnaireResponse", draft.GetProperty("resourceType").GetString());
        Assert.StartsWith($"http://fhirpriorauth.example.org/fhir/Questionnaire/{questionnaireId}|", draft.GetProperty("questionnaire").GetString());
        Assert.Equal(2, draft.GetProperty("extension").EnumerateArray()
            .Count(e => e.GetProperty("url").GetString() == "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/qr-context"));
    }

    [Fact]
    public async Task Given_TheDeployedArtifacts_When_TheServerStarts_Then_EveryQuestionnaireCanBeReadAndSearched()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var (status, bundle) = await GetAsync(server, "/fhir/Questionnaire?status=active,retired");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["capital-blue-cross-lutathera", "centene-everolimus", "wellmark-lutathera"],
            EntryResources(bundle).Select(r => r.GetProperty("id").GetString()).Order());
    }

    [Fact]
    public async Task Given_TheDeployedArtifacts_When_AFeatureAsksForThePolicyCatalog_Then_ItGetsTheValidatedPoliciesDtrServes()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var (status, _) = await GetAsync(server, "/fhir/Questionnaire/wellmark-lutathera");

        Assert.Equal(HttpStatusCode.OK, status);
        var catalog = server.Services.GetRequiredService<PolicyCatalog>();
        Assert.Same(catalog, server.Services.GetRequiredService<PolicyCatalog>());
        Assert.Empty(catalog.Problems);
        Assert.Contains(catalog.Policies, p => p.Payer == "wellmark" && p.Drug == "lutathera");
        Assert.Contains("wellmark-lutathera", catalog.Questionnaires.Values.Select(q => (string?)q["id"]));
    }
}
