using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json.Nodes;
using FhirPriorAuth.Testing;
using static FhirPriorAuth.Policies.Tests.Dtr.DtrArtifacts;

namespace FhirPriorAuth.Policies.Tests.Dtr;

/// <summary>The Questionnaires against the official DTR 2.0.1 StdQuestionnaire profile (shared/ig-packages).</summary>
public sealed class DtrProfileTests
{
    private static JsonObject? ReadFromPackage(string packagePath, string entryName)
    {
        using var gzip = new GZipStream(File.OpenRead(packagePath), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
            if (entry.Name == entryName && entry.DataStream is { } data)
                return JsonNode.Parse(data)!.AsObject();
        return null;
    }

    [Fact]
    public void Given_TheStdQuestionnaireProfile_When_ItRequiresATopLevelElementOrFixesItsValue_Then_EveryQuestionnaireComplies()
    {
        var package = SharedData.PathTo("ig-packages", "hl7.fhir.us.davinci-dtr-2.0.1.tgz");
        if (package is null) Assert.Skip(SharedData.MissingMessage);
        var profile = ReadFromPackage(package, "package/StructureDefinition-dtr-std-questionnaire.json")
            ?? throw new InvalidDataException("the DTR package has no dtr-std-questionnaire profile");
        var topLevel = profile["differential"]!["element"]!.AsArray().OfType<JsonObject>()
            .Where(e => ((string)e["path"]!).Count(c => c == '.') == 1 && !((string)e["id"]!).Contains(':'))
            .ToList();
        var required = topLevel.Where(e => (int?)e["min"] >= 1).Select(e => ((string)e["path"]!)["Questionnaire.".Length..]).ToList();
        var fixedCodes = topLevel.Where(e => e["fixedCode"] is not null || e["patternCode"] is not null)
            .ToDictionary(e => ((string)e["path"]!)["Questionnaire.".Length..], e => (string)(e["fixedCode"] ?? e["patternCode"])!);

        Assert.Contains("text", required);
        Assert.Equal("Patient", fixedCodes["subjectType"]);
        foreach (var q in Questionnaires())
        {
            Assert.Equal((string?)profile["url"], (string?)q["meta"]?["profile"]?[0]);
            Assert.All(required, element => Assert.NotNull(q[element]));
            foreach (var (element, code) in fixedCodes)
                Assert.All(q[element]!.AsArray(), value => Assert.Equal(code, (string?)value));
        }
    }
}
