using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Evidence;

namespace FhirPriorAuth.Policies.Tests.Artifacts;

public sealed class QuestionnaireRulesTests
{
    private static void Item(JsonObject q, int index, Action<JsonObject> change) => change((JsonObject)q["item"]![index]!);

    private static readonly Dictionary<string, (Action<JsonObject> Change, string Location, string Message)> Cases = new()
    {
        ["duplicate linkId"] = (q => Item(q, 2, i => { i["linkId"] = "sstrImaging"; i["type"] = "choice"; }), "Questionnaire.item[2].linkId", "'sstrImaging' is used by another item"),
        ["enableWhen names no item"] = (q => Item(q, 2, i => i["enableWhen"]![0]!["question"] = "sstr"), "Questionnaire.item[2].enableWhen[0].question", "'sstr' is not a linkId"),
        ["fact item coded differently from the catalog"] = (q => Item(q, 0, i => i["code"]![0]!["code"] = "89247-1"), "Questionnaire.item[0].code[0]", "http://loinc.org|89247-1 is not how the catalog codes fact 'karnofsky'"),
        ["answer type that cannot carry the fact"] = (q => Item(q, 0, i => i["type"] = "string"), "Questionnaire.item[0].type", "'string' cannot answer fact 'karnofsky' (Integer); use integer"),
        ["library not loaded"] = (q => q["extension"]![0]!["valueCanonical"] = "http://fhirpriorauth.example.org/fhir/Library/Other", "Questionnaire.extension('cqf-library')[0]", "is not a loaded Library"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void BrokenQuestionnaire_IsReported(string name)
    {
        var (change, location, message) = Cases[name];
        using var folder = new ArtifactFolder();
        var q = folder.Read(ArtifactFolder.Questionnaire);
        change(q);
        folder.Write(ArtifactFolder.Questionnaire, q);
        var problem = Assert.Single(folder.Load().Problems);
        Assert.Equal(location, problem.Expression);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
        Assert.Equal("wellmark/lutathera/" + ArtifactFolder.Questionnaire, problem.File);
    }

    [Fact]
    public void ArtifactOfAnotherKind_IsReported()
    {
        using var folder = new ArtifactFolder();
        folder.Write("Patient-x.json", JsonNode.Parse("""{"resourceType":"Patient","id":"x"}""")!);
        var problem = Assert.Single(folder.Load().Problems);
        Assert.Contains("only PlanDefinition, Questionnaire and Library", problem.Message);
    }
}

public sealed class PackageRulesTests
{
    /// <summary>A pa-evidence CodeSystem with every catalog code but <paramref name="missing"/>.</summary>
    private static JsonObject EvidenceCodeSystem(string missing) => new()
    {
        ["resourceType"] = "CodeSystem",
        ["url"] = FactCatalog.PaEvidence,
        ["status"] = "active",
        ["content"] = "complete",
        ["concept"] = new JsonArray(FactCatalog.All.SelectMany(f => f.Codings ?? [])
            .Where(c => c.System == FactCatalog.PaEvidence && c.Code != missing)
            .Select(c => (JsonNode)new JsonObject { ["code"] = c.Code }).ToArray()),
    };

    [Fact]
    public void EvidenceCodeSystemDefiningEveryCatalogCode_IsAccepted()
    {
        using var folder = new ArtifactFolder();
        File.WriteAllText(Path.Combine(folder.Package, "CodeSystem-pa-evidence.json"), EvidenceCodeSystem(missing: "").ToJsonString());
        Assert.Empty(folder.Load().Problems);
    }

    [Fact]
    public void EvidenceCodeSystemMissingACatalogCode_IsReported()
    {
        using var folder = new ArtifactFolder();
        File.WriteAllText(Path.Combine(folder.Package, "CodeSystem-pa-evidence.json"), EvidenceCodeSystem(missing: "sstr-imaging").ToJsonString());
        var problem = Assert.Single(folder.Load().Problems);
        Assert.Equal("'sstr-imaging' (fact 'sstrImaging') is not defined", problem.Message);
        Assert.Equal("CodeSystem-pa-evidence.json", problem.File);
    }

    [Fact]
    public void SharedLibraryInThePackage_ResolvesAQuestionnairesLibrary()
    {
        using var folder = new ArtifactFolder();
        File.Move(Path.Combine(folder.LutatheraFolder, "Library-test-lutathera.json"), Path.Combine(folder.Package, "Library-test-lutathera.json"));
        var catalog = folder.Load();
        Assert.Empty(catalog.Problems);
        Assert.Contains("http://fhirpriorauth.example.org/fhir/Library/TestLutathera", catalog.Libraries.Keys);
    }

    [Fact]
    public void LibraryDependingOnAMissingLibrary_IsReported()
    {
        using var folder = new ArtifactFolder();
        var library = folder.Read("Library-test-lutathera.json");
        library["relatedArtifact"] = new JsonArray(new JsonObject
        {
            ["type"] = "depends-on", ["resource"] = "http://fhirpriorauth.example.org/fhir/Library/prior-auth-evidence",
        });
        folder.Write("Library-test-lutathera.json", library);
        var problem = Assert.Single(folder.Load().Problems);
        Assert.Equal("Library.relatedArtifact[0]", problem.Expression);
        Assert.Contains("'http://fhirpriorauth.example.org/fhir/Library/prior-auth-evidence', which is not a loaded Library", problem.Message);
    }

    [Fact]
    public void PackageWithoutAManifest_IsReported()
    {
        using var folder = new ArtifactFolder();
        File.Delete(Path.Combine(folder.Package, "package.json"));
        Assert.Contains(folder.Load().Problems, p => p.File == "package.json");
    }
}
