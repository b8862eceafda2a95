using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FhirPriorAuth.Policies.Evidence;
using static FhirPriorAuth.Policies.Tests.Dtr.DtrArtifacts;

namespace FhirPriorAuth.Policies.Tests.Dtr;

/// <summary>The DTR Questionnaires: valid FHIR, internally consistent, and speaking the FactCatalog's names.</summary>
public sealed partial class QuestionnaireStructureTests
{
    public static TheoryData<string> AllArtifacts() =>
        new(QuestionnaireFiles.Concat(LibraryFiles).Concat(PackageResourceFiles).Distinct().Select(Relative));

    public static TheoryData<string> QuestionnairePaths() => new(QuestionnaireFiles.Select(Relative));

    private static JsonObject Questionnaire(string relative) => Load(Path.Combine(Testing.SharedData.RepoRoot, relative));

    [Fact]
    public void Given_TheRepository_Then_EachPolicyHasItsQuestionnaire()
    {
        Assert.Equal(
            ["capital-blue-cross/lutathera", "centene/everolimus", "wellmark/lutathera"],
            QuestionnaireFiles.Select(f => Relative(Path.GetDirectoryName(f)!)["questionnaires/".Length..]).ToArray());
    }

    [Theory]
    [MemberData(nameof(AllArtifacts))]
    public void Given_ACommittedArtifact_When_Parsed_Then_TheParserReportsNoErrors(string path)
    {
        var result = ParseFile(Path.Combine(Testing.SharedData.RepoRoot, path));

        Assert.True(result.IsValid, string.Join("\n", result.Issues.Where(i => i.IsError).Select(i => $"{i.Expression}: {i.Message}")));
    }

    [Theory]
    [MemberData(nameof(QuestionnairePaths))]
    public void Given_AQuestionnaire_Then_ItCarriesTheElementsDtrRequires(string path)
    {
        var q = Questionnaire(path);

        Assert.Equal("http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/dtr-std-questionnaire", (string?)q["meta"]?["profile"]?[0]);
        Assert.Equal($"{Base}/Questionnaire/{q["id"]}", (string?)q["url"]);
        Assert.False(string.IsNullOrEmpty((string?)q["version"]));
        Assert.Contains((string?)q["status"], new[] { "active", "retired" });
        Assert.Equal(["Patient"], q["subjectType"]!.AsArray().Select(s => (string)s!).ToArray());
        Assert.NotNull(q["text"]?["div"]);
        Assert.NotNull(q["effectivePeriod"]?["start"]);
        Assert.Single(Extensions(q, CqfLibrary));
        var launchNames = Extensions(q, "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-launchContext")
            .Select(e => (string?)e["extension"]!.AsArray().First(s => (string?)s!["url"] == "name")!["valueCoding"]!["code"]).ToArray();
        Assert.Contains("patient", launchNames);
        Assert.Contains("user", launchNames);
    }

    [Theory]
    [MemberData(nameof(QuestionnairePaths))]
    public void Given_AQuestionnaire_Then_LinkIdsAreUnique(string path)
    {
        var duplicates = AllItems(Questionnaire(path)).GroupBy(LinkId).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        Assert.Empty(duplicates);
    }

    [Theory]
    [MemberData(nameof(QuestionnairePaths))]
    public void Given_AnEnableWhen_Then_ItNamesAnEarlierQuestionAndAnAnswerThatQuestionCanHave(string path)
    {
        var q = Questionnaire(path);
        var items = AllItems(q).ToList();
        var byLinkId = items.ToDictionary(LinkId);
        foreach (var item in items)
            foreach (var condition in item["enableWhen"]?.AsArray().OfType<JsonObject>() ?? [])
            {
                var target = (string)condition["question"]!;
                Assert.True(byLinkId.TryGetValue(target, out var question), $"{LinkId(item)} depends on missing item {target}");
                Assert.True(items.IndexOf(question) < items.IndexOf(item), $"{LinkId(item)} depends on {target}, which comes after it");
                switch ((string)question["type"]!)
                {
                    case "boolean":
                        Assert.NotNull(condition["answerBoolean"]);
                        break;
                    case "choice":
                        var code = (string?)condition["answerCoding"]?["code"];
                        var options = question["answerOption"]!.AsArray().Select(o => (string?)o!["valueCoding"]!["code"]);
                        Assert.True(options.Contains(code), $"{LinkId(item)} waits for {target} = {code}, which is not one of its options");
                        break;
                    default:
                        Assert.Fail($"{LinkId(item)} depends on {target} of type {question["type"]}");
                        break;
                }
            }
    }

    // A question that is not a fact selects a pathway; it is named <payer>-<what>, never like a fact.
    [GeneratedRegex("^[a-z]+(-[a-z]+)+$")]
    private static partial Regex SelectorLinkId();

    [Theory]
    [MemberData(nameof(QuestionnairePaths))]
    public void Given_AQuestion_Then_ItIsAFactOfTheCatalogWithTheMatchingTypeAndCode(string path)
    {
        foreach (var item in AllItems(Questionnaire(path)).Where(i => (string?)i["type"] is not ("group" or "display")))
        {
            var linkId = LinkId(item);
            var fact = FactCatalog.Find(linkId);
            if (fact is null)
            {
                Assert.True(SelectorLinkId().IsMatch(linkId), $"{linkId} is neither a FactCatalog fact nor a hyphenated selector");
                Assert.Equal("choice", (string?)item["type"]);
                continue;
            }
            var type = (string)item["type"]!;
            var expected = fact.Kind switch
            {
                FactKind.Boolean => ["boolean"],
                FactKind.Integer => ["integer"],
                FactKind.Decimal => ["decimal", "quantity"],
                FactKind.Code => ["choice", "open-choice", "coding"],
                FactKind.Date => new[] { "date" },
                _ => [],
            };
            Assert.True(expected.Contains(type), $"{linkId} is a {fact.Kind} fact but a {type} item");
            Assert.True(fact.Repeating == ((bool?)item["repeats"] ?? false), $"{linkId}: repeats does not match the catalog");
            var codes = item["code"]?.AsArray().Select(c => new FactCoding((string)c!["system"]!, (string)c["code"]!)).ToArray() ?? [];
            Assert.Equal(fact.Codings ?? [], codes);
        }
    }

    [Theory]
    [MemberData(nameof(QuestionnairePaths))]
    public void Given_AClosedCodeFact_Then_ItsAnswerOptionsAreValuesTheCatalogAllows(string path)
    {
        foreach (var item in AllItems(Questionnaire(path)))
        {
            if (FactCatalog.Find(LinkId(item)) is not { AllowedCodes: { } allowed }) continue;
            var options = item["answerOption"]?.AsArray().Select(o => (string)o!["valueCoding"]!["code"]!).ToList() ?? [];
            Assert.NotEmpty(options);
            Assert.All(options, code => Assert.Contains(code, allowed));
        }
    }

    [Theory]
    [MemberData(nameof(QuestionnairePaths))]
    public void Given_PrePopulatedQuestions_Then_NoneIsHiddenOrReadOnly(string path)
    {
        // DTR security: answers taken from the EHR must be visible and editable.
        var populated = AllItems(Questionnaire(path)).Where(i => Extensions(i, InitialExpression).Any()).ToList();

        Assert.NotEmpty(populated);
        Assert.All(populated, i => Assert.False((bool?)i["readOnly"] ?? false, $"{LinkId(i)} is read-only"));
        Assert.All(populated, i => Assert.Empty(Extensions(i, "http://hl7.org/fhir/StructureDefinition/questionnaire-hidden")));
    }

    // What each policy's text asks to be documented (seeds 000, 001, 004, criterion by criterion).
    public static TheoryData<string, string[]> PolicyFacts() => new()
    {
        { "capital-blue-cross/lutathera", ["age", "diagnosis", "ki67", "resectability", "metastatic", "sstrImaging", "progressionOnSsa",
            "currentTherapy", "longActingSsaWashoutDays", "shortActingSsaWashoutHours", "creatinineClearance", "serumCreatinine", "bodyWeight", "adequateOrganFunction", "karnofsky",
            "thrombocytopeniaGrade2PlusCount", "anemiaGrade3PlusCount", "neutropeniaGrade3PlusCount", "hepatotoxicityCount",
            "nonHematologicGrade3PlusCount", "renalToxicityDelayWeeks", "dosesGiven", "dosesRequested", "continuation"] },
        { "wellmark/lutathera", ["age", "diagnosis", "metastatic", "resectability", "tumorBurdenSignificant", "mitoticRate", "tumorNecrosis",
            "ki67", "progression", "progressionOnSsa", "lineOfTherapy", "priorTherapy", "currentTherapy", "failedTherapy",
            "carcinoidSyndromeUncontrolled", "sstrImaging", "adequateOrganFunction", "dosesGiven", "dosesRequested", "continuation"] },
        { "centene/everolimus", ["product", "continuation", "age", "diagnosis", "prescriberSpecialty", "genericNotSuitable", "metastatic",
            "recurrent", "resectability", "hormoneReceptorStatus", "her2Status", "rccHistology", "priorTherapy", "failedTherapy",
            "therapyContraindicated", "currentTherapy", "immediateSurgeryRequired", "adjunctiveTherapy", "transplant", "receivingViaPayerBenefit", "receivingDrugDays",
            "respondingToTherapy", "doseIncrease", "dailyDoseMg", "tabletsPerDay", "offLabelDoseSupported"] },
    };

    [Theory]
    [MemberData(nameof(PolicyFacts))]
    public void Given_APolicy_Then_ItsQuestionnaireAsksForEveryFactThePolicyNames(string folder, string[] facts)
    {
        var path = Relative(Directory.GetFiles(Path.Combine(PolicyDir, folder), "Questionnaire-*.json").Single());
        var asked = AllItems(Questionnaire(path)).Select(LinkId).ToHashSet();

        Missing.None(facts.Where(f => !asked.Contains(f)));
    }

    [Fact]
    public void Given_TheWellmarkIndicationChoice_Then_EachIndicationOpensItsOwnCriteria()
    {
        var q = Questionnaire("questionnaires/wellmark/lutathera/Questionnaire-wellmark-lutathera.json");
        string[] Gated(string indication) => AllItems(q)
            .Where(i => i["enableWhen"]?.AsArray().Any(c => (string?)c!["answerCoding"]?["code"] == indication) == true)
            .Select(LinkId).ToArray();

        Assert.Contains("mitoticRate", Gated("wellmark-1"));
        Assert.Contains("ki67", Gated("wellmark-2"));
        Assert.DoesNotContain("ki67", Gated("wellmark-3"));
        Assert.Contains("resectability", Gated("wellmark-4"));
        Assert.Contains("carcinoidSyndromeUncontrolled", Gated("wellmark-5"));
    }

    [Fact]
    public void Given_TheRetiredCapitalBlueCrossPolicy_Then_ItsQuestionnaireIsRetiredAndEndsTheDayBeforeRetirement()
    {
        var q = Questionnaire("questionnaires/capital-blue-cross/lutathera/Questionnaire-capital-blue-cross-lutathera.json");

        Assert.Equal("retired", (string?)q["status"]);
        Assert.Equal("2026-01-31", (string?)q["effectivePeriod"]?["end"]);
    }

    [Theory]
    [MemberData(nameof(QuestionnairePaths))]
    public void Given_ThePolicysPlanDefinitionBesideIt_Then_TheQuestionnaireSharesItsIdStatusAndEffectivePeriod(string path)
    {
        var folder = Path.GetDirectoryName(Path.Combine(Testing.SharedData.RepoRoot, path))!;
        // One PlanDefinition per revision of the policy text (selected by date of service); one form for all of them.
        var plans = Directory.GetFiles(folder, "PlanDefinition-*.json").Select(Load).ToList();
        if (plans.Count == 0) Assert.Skip($"no PlanDefinition in {Relative(folder)} on this branch");
        var q = Questionnaire(path);
        var policy = plans.Single(p => (string?)p["id"] == (string?)q["id"]);

        Assert.Equal((string?)policy["status"], (string?)q["status"]);
        var start = plans.Select(p => (string?)p["effectivePeriod"]?["start"]).Min(StringComparer.Ordinal);
        var end = plans.Any(p => p["effectivePeriod"]?["end"] is null) ? null : plans.Select(p => (string?)p["effectivePeriod"]?["end"]).Max(StringComparer.Ordinal);
        Assert.True(start == (string?)q["effectivePeriod"]?["start"] && end == (string?)q["effectivePeriod"]?["end"],
            $"{q["id"]}: effectivePeriod {q["effectivePeriod"]?.ToJsonString()} differs from the revisions' {start}..{end}");
    }
}
