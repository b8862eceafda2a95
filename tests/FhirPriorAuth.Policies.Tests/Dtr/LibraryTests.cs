using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static FhirPriorAuth.Policies.Tests.Dtr.DtrArtifacts;

namespace FhirPriorAuth.Policies.Tests.Dtr;

/// <summary>Questionnaire → Library → Library: every reference a DTR client follows resolves to committed content.</summary>
public sealed partial class LibraryTests
{
    private static readonly IReadOnlyList<JsonObject> AllLibraries = Libraries();

    private static JsonObject LibraryAt(string url) =>
        AllLibraries.SingleOrDefault(l => (string?)l["url"] == url) ?? throw new Xunit.Sdk.XunitException($"no committed Library has url {url}");

    [GeneratedRegex("^\"(?<library>[A-Za-z][A-Za-z0-9_]*)\"\\.(?<define>[A-Za-z][A-Za-z0-9_]*)$")]
    private static partial Regex QualifiedDefine();

    [Fact]
    public void Given_EachLibrary_Then_ItCarriesCqlAndElmAndAUniqueName()
    {
        Assert.Equal(AllLibraries.Count, AllLibraries.Select(l => (string?)l["name"]).Distinct().Count());
        Assert.All(AllLibraries, l =>
        {
            Assert.Contains("library " + (string?)l["name"] + " version '" + (string?)l["version"] + "'", Content(l, "text/cql"));
            Assert.NotEmpty(ElmDefines(l));
            Assert.Equal($"{Base}/Library/{l["id"]}", (string?)l["url"]);
        });
    }

    [Fact]
    public void Given_EachQuestionnaire_Then_ItsCqfLibraryResolvesToACommittedLibrary()
    {
        foreach (var q in Questionnaires())
        {
            var url = (string)Extensions(q, CqfLibrary).Single()["valueCanonical"]!;
            // Unversioned: the DTR test kit matches cqf-library against Library.url character for character.
            Assert.DoesNotContain("|", url);
            Assert.Equal(q["id"]!.GetValue<string>(), (string?)LibraryAt(url)["id"]);
        }
    }

    [Fact]
    public void Given_ALibraryThatIncludesAnother_Then_ItsDependsOnResolvesAndNamesTheIncludedLibrary()
    {
        var dependent = AllLibraries.Where(l => l["relatedArtifact"] is not null).ToList();

        Assert.NotEmpty(dependent);
        foreach (var library in dependent)
            foreach (var artifact in library["relatedArtifact"]!.AsArray().OfType<JsonObject>())
            {
                Assert.Equal("depends-on", (string?)artifact["type"]);
                var target = LibraryAt((string)artifact["resource"]!);
                Assert.Contains($"include {target["name"]} version '{target["version"]}'", Content(library, "text/cql"));
            }
    }

    [Fact]
    public void Given_EveryInitialExpression_Then_ItIsCqlNamingADefineOfTheQuestionnairesLibrary()
    {
        foreach (var q in Questionnaires())
        {
            var library = LibraryAt((string)Extensions(q, CqfLibrary).Single()["valueCanonical"]!);
            var defines = ElmDefines(library);
            foreach (var item in AllItems(q))
                foreach (var extension in Extensions(item, InitialExpression))
                {
                    var expression = extension["valueExpression"]!;
                    Assert.Equal("text/cql", (string?)expression["language"]);
                    var match = QualifiedDefine().Match((string)expression["expression"]!);
                    Assert.True(match.Success, $"{LinkId(item)}: expression must be \"Library\".define");
                    Assert.Equal((string?)library["name"], match.Groups["library"].Value);
                    Assert.Contains(match.Groups["define"].Value, defines);
                    // The define answers the item it populates.
                    Assert.Equal(LinkId(item), match.Groups["define"].Value);
                }
        }
    }

    [Fact]
    public void Given_ThePolicyLibraries_Then_TheyAskTheEhrOnlyForTheResourceTypesTheirCqlRetrieves()
    {
        var evidence = LibraryAt($"{Base}/Library/prior-auth-evidence");
        var types = evidence["dataRequirement"]!.AsArray().Select(d => (string)d!["type"]!).ToArray();

        Assert.Equal(["Condition", "MedicationAdministration", "MedicationStatement", "Observation", "Patient", "PractitionerRole"], types);
        Assert.DoesNotContain("Claim", types);
    }

    [Theory]
    [InlineData("capital-blue-cross-lutathera")]
    [InlineData("wellmark-lutathera")]
    [InlineData("centene-everolimus")]
    public void Given_APolicyLibrary_Then_ItTakesTheDateOfServiceAndTheOrderAsParameters(string id)
    {
        var library = LibraryAt($"{Base}/Library/{id}");
        var parameters = library["parameter"]!.AsArray().ToDictionary(p => (string)p!["name"]!, p => (string?)p!["type"]);

        Assert.Equal("date", parameters["date_of_service"]);
        Assert.Equal("MedicationRequest", parameters["medication_request"]);
        Assert.Equal("ServiceRequest", parameters["service_request"]);
        Assert.Contains("define \"Date of Service\": Evidence.DateOfService(date_of_service, medication_request, service_request)", Content(library, "text/cql"));
    }

    // A count "up to now" computed on the day a form is filled differs from the engine's count on the date of service
    // and turns into a conflict once the form is attached; only DateOfService may fall back to today.
    [Fact]
    public void Given_EveryLibrary_Then_NoCountIsMadeToTheDayTheCqlRuns()
    {
        Assert.All(AllLibraries, l =>
        {
            var cql = Content(l, "text/cql");
            Assert.DoesNotMatch(@"\bNow\(\)|\bTimeOfDay\(\)|\bAgeIn\w+\(\)", cql);
            Assert.True(Regex.Matches(cql, @"\bToday\(\)").Count <= (cql.Contains("define function DateOfService(", StringComparison.Ordinal) ? 1 : 0),
                $"{l["name"]}: Today() outside DateOfService");
        });
    }
}
