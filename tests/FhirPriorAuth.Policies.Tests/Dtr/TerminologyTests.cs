using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Evidence;
using static FhirPriorAuth.Policies.Tests.Dtr.DtrArtifacts;

namespace FhirPriorAuth.Policies.Tests.Dtr;

/// <summary>The project's FHIR package: its CodeSystems agree with the FactCatalog, its ValueSets are pre-expanded.</summary>
public sealed class TerminologyTests
{
    private static readonly IReadOnlyDictionary<string, JsonObject> Package = PackageByUrl();

    private static IReadOnlySet<string> CodesOf(string codeSystemUrl)
    {
        static IEnumerable<JsonObject> Flatten(JsonNode? concepts) =>
            concepts?.AsArray().OfType<JsonObject>().SelectMany(c => Flatten(c["concept"]).Prepend(c)) ?? [];
        return Flatten(Package[codeSystemUrl]["concept"]).Select(c => (string)c["code"]!).ToHashSet(StringComparer.Ordinal);
    }

    private static HashSet<(string, string)> Expansion(JsonObject valueSet) =>
        valueSet["expansion"]!["contains"]!.AsArray().Select(c => ((string)c!["system"]!, (string)c["code"]!)).ToHashSet();

    [Fact]
    public void Given_EveryFactCatalogCodingInPaEvidence_Then_TheCodeSystemDefinesIt()
    {
        var codes = CodesOf(PaEvidence);
        var used = FactCatalog.All.SelectMany(f => f.Codings ?? []).Where(c => c.System == PaEvidence).Select(c => c.Code).ToList();

        Assert.NotEmpty(used);
        Missing.None(used.Where(c => !codes.Contains(c)));
    }

    [Fact]
    public void Given_TheValueCodesOfEvidenceFacts_Then_PaEvidenceDefinesThemAndTheTherapyAgents()
    {
        var codes = CodesOf(PaEvidence);
        string[] valued = ["resectability", "sstrImaging", "progression", "lineOfTherapy", "rccHistology", "transplant", "hormoneReceptorStatus", "her2Status"];
        var values = valued.SelectMany(f => FactCatalog.Find(f)!.AllowedCodes!).Concat(FactCatalog.TherapyAgents).ToList();

        Missing.None(values.Where(c => !codes.Contains(c)));
    }

    [Fact]
    public void Given_TheActionRoleAndDrugCodeSystems_Then_TheyDefineTheCodesPoliciesUse()
    {
        Assert.Equal(["criterion", "exclusion", "modification", "pathway"], CodesOf($"{Base}/CodeSystem/pa-action-role").Order().ToArray());
        var drugs = CodesOf($"{Base}/CodeSystem/pa-drug");
        Missing.None(FactCatalog.Find("product")!.AllowedCodes!.Concat(FactCatalog.Find("drug")!.AllowedCodes!).Where(c => !drugs.Contains(c)));
    }

    [Fact]
    public void Given_AnAnswerOptionFromAProjectCodeSystem_Then_ThatCodeSystemDefinesTheCode()
    {
        foreach (var q in Questionnaires())
            foreach (var coding in AllItems(q).SelectMany(i => i["answerOption"]?.AsArray() ?? []).Select(o => o!["valueCoding"]!))
            {
                var system = (string)coding["system"]!;
                Assert.True(Package.ContainsKey(system), $"answer system {system} is not in the package");
                Assert.Contains((string)coding["code"]!, CodesOf(system));
            }
    }

    [Fact]
    public void Given_AnAnswerValueSet_Then_ThePackageShipsItPreExpanded()
    {
        var referenced = Questionnaires().SelectMany(AllItems).Select(i => (string?)i["answerValueSet"]).OfType<string>().Distinct().ToList();

        Assert.NotEmpty(referenced);
        Assert.All(referenced, url =>
        {
            Assert.True(Package.TryGetValue(url, out var valueSet), $"{url} is not in the package");
            Assert.NotEmpty(Expansion(valueSet!));
        });
    }

    [Fact]
    public void Given_EachValueSet_Then_ItsExpansionIsExactlyWhatItsComposeIncludes()
    {
        foreach (var valueSet in Package.Values.Where(r => (string?)r["resourceType"] == "ValueSet"))
        {
            var composed = new HashSet<(string, string)>();
            foreach (var include in valueSet["compose"]!["include"]!.AsArray().OfType<JsonObject>())
            {
                foreach (var concept in include["concept"]?.AsArray() ?? [])
                    composed.Add(((string)include["system"]!, (string)concept!["code"]!));
                foreach (var other in include["valueSet"]?.AsArray() ?? [])
                    composed.UnionWith(Expansion(Package[(string)other!]));
            }
            var expansion = Expansion(valueSet);

            Assert.True(composed.SetEquals(expansion), $"{valueSet["id"]}: expansion differs from compose");
            Assert.Equal(expansion.Count, (int)valueSet["expansion"]!["total"]!);
        }
    }

    [Fact]
    public void Given_TheDrugValueSets_Then_TheyHoldTheCodesTheClinicalEvidenceContractNames()
    {
        var lutathera = Expansion(Package[$"{Base}/ValueSet/lutathera-drug"]);
        Assert.Contains(("http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", "A9513"), lutathera);
        Assert.Contains(("http://hl7.org/fhir/sid/ndc", "69488-0003-01"), lutathera);
        Assert.Contains(("http://www.nlm.nih.gov/research/umls/rxnorm", "1999682"), lutathera);
        Assert.Contains(("http://www.nlm.nih.gov/research/umls/rxnorm", "1999687"), lutathera);

        var brand = Expansion(Package[$"{Base}/ValueSet/everolimus-brand"]).Select(c => c.Item2).ToList();
        Assert.All(brand, ndc => Assert.StartsWith("0078-", ndc));
        var generic = Expansion(Package[$"{Base}/ValueSet/everolimus-generic"]);
        Assert.Contains(("http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", "J7527"), generic);
        Missing.None(generic.Where(c => c.Item2.StartsWith("0078-", StringComparison.Ordinal)));
    }

    [Fact]
    public void Given_TheTherapyAgentValueSet_Then_ItListsExactlyTheCatalogsAgents()
    {
        var agents = Expansion(Package[$"{Base}/ValueSet/therapy-agent"]).Select(c => c.Item2).Order().ToArray();

        Assert.Equal(FactCatalog.TherapyAgents.Order().ToArray(), agents);
    }

    [Fact]
    public void Given_ThePackageManifest_Then_ItTargetsR4AndTheDaVinciIgsAndNamesThePolicyFolder()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(PackageDir, "package.json")))!;

        Assert.Equal(["4.0.1"], manifest["fhirVersions"]!.AsArray().Select(v => (string)v!).ToArray());
        Assert.Equal("4.0.1", (string?)manifest["dependencies"]?["hl7.fhir.r4.core"]);
        Assert.Equal("2.0.1", (string?)manifest["dependencies"]?["hl7.fhir.us.davinci-dtr"]);
        Assert.Equal(Base, (string?)manifest["canonical"]);
        var policies = Path.GetFullPath(Path.Combine(PackageDir, (string)manifest["policyArtifacts"]!));
        Assert.Equal(PolicyDir, policies);
    }
}
