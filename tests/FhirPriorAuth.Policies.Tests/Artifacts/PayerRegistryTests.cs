using FhirPriorAuth.Policies.Artifacts;
using FhirPriorAuth.Policies.Decisions;
using FhirPriorAuth.Policies.Evidence;
using FhirPriorAuth.Policies.Tests.Builders;
using FhirPriorAuth.Policies.Tests.Policies;
using FhirPriorAuth.Testing;

namespace FhirPriorAuth.Policies.Tests.Artifacts;

/// <summary>The payer registry is data: the package's payer Organizations name each payer and its marketplace (HIM) plans.</summary>
public sealed class PayerRegistryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fpa-payers-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Given_TheShippedPackage_When_Loaded_Then_EveryPolicyPayerIsInTheRegistry()
    {
        var catalog = LutatheraDecisions.Catalog;

        Assert.Empty(catalog.Problems);
        Assert.Equal(catalog.Policies.Select(p => p.Payer).Distinct().Order(), catalog.Payers.Select(p => p.Id).Order());
        Assert.Equal(["marketplace-silver"], catalog.Payers.Single(p => p.Id == "centene").MarketplacePlans);
    }

    public static TheoryData<string, string, string?> Plans => new()
    {
        // payer, Coverage.class plan, line of business read
        { "centene", "marketplace-silver", "marketplace" },
        { "centene", "MARKETPLACE-SILVER", "marketplace" },
        { "centene", "gold-ppo", "commercial" },
        { "wellmark", "marketplace-silver", "commercial" },   // a plan value counts only for the payer that lists it
    };

    [Theory]
    [MemberData(nameof(Plans))]
    public void Given_ACoveragePlan_When_ReadWithTheRegistry_Then_ItsMarketplacePlansAreTheMarketplaceLine(string payer, string plan, string? lineOfBusiness)
    {
        var bundle = PasRequestBuilder.Everolimus(payer).ServiceDate(EverolimusRequest.ServiceDate).Commercial().Plan(plan).Patient(60).Build();

        var evidence = PasBundleEvidence.Extract(bundle, EverolimusRequest.ServiceDate, LutatheraDecisions.Catalog.EvidenceOptions);

        Assert.Equal([lineOfBusiness], evidence.Values("lineOfBusiness").Distinct());
    }

    [Fact]
    public void Given_AMarketplaceMember_When_DecidedWithTheRegistry_Then_TheHimDurationApplies()
    {
        // Centene I.G (transplant): 6 months for Medicaid/HIM, 12 for Commercial.
        var bundle = EverolimusEvidence.Bundle(EverolimusRequest.Qualifying("transplant").With("lineOfBusiness=marketplace"));

        var decision = DecisionEngine.Decide(PasBundleEvidence.Extract(bundle, EverolimusRequest.ServiceDate, LutatheraDecisions.Catalog.EvidenceOptions),
            LutatheraDecisions.Catalog);

        Assert.True(decision.Action is ReviewAction.Approved or ReviewAction.Modified, decision.Summary);
        Assert.Equal(EverolimusRequest.ServiceDate.AddMonths(6).AddDays(-1), decision.Authorization!.End);
    }

    [Theory]
    [InlineData("""{"resourceType":"Organization","id":"x","name":"X"}""", "Organization.identifier")]
    [InlineData("""{"resourceType":"Organization","id":"x","identifier":[{"system":"http://fhirpriorauth.example.org/fhir/payer-id","value":"x"}]}""", "Organization.name")]
    public void Given_APayerOrganizationWithoutIdOrName_When_Loaded_Then_ItIsAProblem(string organization, string expression)
    {
        var package = Path.Combine(_dir, "package");
        Directory.CreateDirectory(package);
        Directory.CreateDirectory(Path.Combine(_dir, "questionnaires"));
        File.WriteAllText(Path.Combine(package, "package.json"), """{"name":"p","version":"1.0.0"}""");
        File.WriteAllText(Path.Combine(package, "Organization-x.json"), organization);

        var catalog = PolicyCatalog.Load(Path.Combine(_dir, "questionnaires"), package);

        Assert.Contains(catalog.Problems, p => p.File == "Organization-x.json" && p.Expression == expression);
        Assert.Empty(catalog.Payers);
    }
}
