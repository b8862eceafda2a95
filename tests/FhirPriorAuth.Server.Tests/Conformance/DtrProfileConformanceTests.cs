using System.Net;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Testing;
using static FhirPriorAuth.Server.Tests.Dtr.DtrTestServer;

namespace FhirPriorAuth.Server.Tests.Conformance;

/// <summary>
/// What our DTR service sends, judged by the independent validator against base R4 and the DTR 2.0.1 profiles it
/// claims (as the IG's examples do: the operation's output Parameters, each package Bundle, the Questionnaire and the
/// draft QuestionnaireResponse), with every DTR extension held to its definition. Libraries and ValueSets claim no
/// DTR profile (DTR 2.0.1 defines none for them) and are held to base R4.
/// </summary>
public sealed class DtrProfileConformanceTests
{
    public const string Dtr201 = "hl7.fhir.us.davinci-dtr-2.0.1.tgz";
    private const string Sd = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/";
    private const string OutputParameters = Sd + "dtr-qpackage-output-parameters";
    private const string PackageBundle = Sd + "DTR-QPackageBundle";
    private const string StdQuestionnaire = Sd + "dtr-std-questionnaire";
    private const string QuestionnaireResponse = Sd + "dtr-questionnaireresponse";

    private const string RxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";
    private const string Ndc = "http://hl7.org/fhir/sid/ndc";
    private const string Hcpcs = "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";

    /// <summary>Each payer's form for each drug it documents (everolimus by NDC and by RxNorm).</summary>
    public static TheoryData<string, string, string> Packages => new()
    {
        { "capital-blue-cross", Hcpcs, "A9513" },
        { "wellmark", RxNorm, "1999687" },
        { "centene", Ndc, "0078-0567-51" },
        { "centene", RxNorm, "845507" },
    };

    [Theory]
    [MemberData(nameof(Packages))]
    public async Task Given_APackageRequest_When_Answered_Then_TheParametersBundlesAndFormsConformToTheDtrProfiles(string payer, string system, string code)
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var response = await server.CreateClient().SendAsync(FhirRequests.Post("/fhir/Questionnaire/$questionnaire-package",
            Parameters(("coverage", Coverage(payer)), ("order", MedicationOrder(system, code))).ToJsonString()), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);

        var report = await ProfileCheck.ValidateAsync([("package", JsonNode.Parse(text)!)], [Dtr201], Ct, extensions: true);

        // Every DTR profile the IG's package examples claim was claimed, and so checked.
        Assert.Contains(report.Checked, c => c.Path == "Parameters" && c.Profile == OutputParameters);
        var bundle = "Parameters.parameter[0].resource";
        Assert.Contains(report.Checked, c => c.Path == bundle && c.Profile == PackageBundle);
        Assert.Contains(report.Checked, c => c.Path == $"{bundle}.entry[0].resource" && c.Profile == StdQuestionnaire);
        Assert.Contains(report.Checked, c => c.Path.StartsWith(bundle + ".entry[", StringComparison.Ordinal) && c.Profile == QuestionnaireResponse);
        Assert.Contains(report.Checked, c => c.Path.StartsWith(bundle + ".entry[", StringComparison.Ordinal) && c.Profile == Sd + "qr-context");
        Assert.Contains(report.Checked, c => c.Path.StartsWith(bundle + ".entry[", StringComparison.Ordinal) && c.Profile == Sd + "intendedUse");
        Assert.Empty(report.NotLoaded);
        AssertNoErrorsBeyondTheAllowList(report);
        // What the allow-listed slice counts stand for, read here instead: the coverage and the order as context, the intended use.
        var draft = JsonNode.Parse(text)!["parameter"]![0]!["resource"]!["entry"]!.AsArray().Select(e => e!["resource"]!)
            .Single(r => (string?)r["resourceType"] == "QuestionnaireResponse");
        var extensions = draft["extension"]!.AsArray().Select(e => e!).ToList();
        var contexts = extensions.Where(e => (string?)e["url"] == Sd + "qr-context").Select(e => (string?)e["valueReference"]!["reference"]).ToList();
        Assert.Equal(["MedicationRequest/mr-1", "Coverage/cov-1"], contexts);
        Assert.Single(extensions, e => (string?)e["url"] == Sd + "intendedUse");
        Assert.NotEmpty(draft["item"]!.AsArray());
    }

    [Fact]
    public async Task Given_TheWellmarkForm_When_Packaged_Then_TheDraftHoldsItsAlwaysEnabledQuestionsUnanswered()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var response = await server.CreateClient().SendAsync(FhirRequests.Post("/fhir/Questionnaire/$questionnaire-package",
            Parameters(("coverage", Coverage("wellmark")), ("order", MedicationOrder(RxNorm, "1999687"))).ToJsonString()), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);

        var draft = JsonNode.Parse(text)!["parameter"]![0]!["resource"]!["entry"]!.AsArray().Select(e => e!["resource"]!)
            .Single(r => (string?)r["resourceType"] == "QuestionnaireResponse");
        Assert.Equal([QuestionnaireResponse], draft["meta"]!["profile"]!.AsArray().Select(p => (string?)p));
        var items = draft["item"]!.AsArray().Select(i => i!).ToList();
        Assert.Equal(["wellmark-indication", "age", "diagnosis", "dosesGiven", "continuation", "dosesRequested", "wellmark-all"],
            items.Select(i => (string?)i["linkId"]));
        // The disease criteria depend on the indication chosen (enableWhen): not in the draft until enabled.
        Assert.Equal(["sstrImaging", "adequateOrganFunction"], items[^1]["item"]!.AsArray().Select(i => (string?)i!["linkId"]));
        Assert.DoesNotContain("\"answer\"", draft.ToJsonString(), StringComparison.Ordinal);
    }

    /// <summary>The Questionnaires and Libraries of questionnaires/ and the shared evidence Library, as the server serves them.</summary>
    public static TheoryData<string> Artifacts()
    {
        var rows = new TheoryData<string>();
        var root = Path.Combine(SharedData.RepoRoot, "questionnaires");
        foreach (var file in Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var resource = JsonNode.Parse(File.ReadAllText(file))!;
            if ((string?)resource["resourceType"] is "Questionnaire" or "Library")
                rows.Add($"{resource["resourceType"]}/{resource["id"]}");
        }
        rows.Add("Library/prior-auth-evidence");
        return rows;
    }

    [Theory]
    [MemberData(nameof(Artifacts))]
    public async Task Given_AServedArtifact_When_Read_Then_ItConformsToBaseR4AndTheDtrProfileItClaims(string reference)
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var response = await server.CreateClient().GetAsync($"/fhir/{reference}", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);

        var report = await ProfileCheck.ValidateAsync([(reference, JsonNode.Parse(text)!)], [Dtr201], Ct, extensions: true);

        Assert.Contains(report.Checked, c => c.Profile == "base");
        if (reference.StartsWith("Questionnaire/", StringComparison.Ordinal))
            Assert.Contains(report.Checked, c => c.Profile == StdQuestionnaire);
        Assert.Empty(report.NotLoaded);
        AssertNoErrorsBeyondTheAllowList(report);
    }

    private static void AssertNoErrorsBeyondTheAllowList(ProfileCheck.Report report)
    {
        var unexpected = report.Errors.Where(e => !DtrAllowList.Covers(e)).ToList();
        Assert.True(unexpected.Count == 0, ProfileCheck.Describe(unexpected));
    }
}

/// <summary>
/// Validator findings on DTR output verified to be the validator's mistake, not ours: the profile, the expression and a
/// message fragment, and why.
/// </summary>
internal static class DtrAllowList
{
    private const string Sd = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/";

    private static readonly (string Profile, string Expression, string Message, string Why)[] Entries =
    [
        // dtr-std-questionnaire narrows subjectType (0..* in R4) to 1..1 with patternCode Patient. An element whose base
        // is repeating stays a JSON array ("subjectType": ["Patient"], as the IG's own example has it, which fails the
        // same way); Medplum compares the array with the single code.
        (Sd + "dtr-std-questionnaire", "Questionnaire.subjectType", "Value did not match expected pattern", "Medplum: pattern on a repeating base element"),
        // The context and intendedUse slices are discriminated by url, whose value is only in the slices' type profiles
        // (qr-context, intendedUse): the snapshot has no fixed url for them. Medplum does not look into the type profile,
        // finds no match and counts 0; the IG's own QuestionnaireResponse example fails the same way. The test reads both.
        (Sd + "dtr-questionnaireresponse", "QuestionnaireResponse.extension", "slice 'context': expected 2..*, but found 0", "Medplum: url discriminator from the type profile"),
        (Sd + "dtr-questionnaireresponse", "QuestionnaireResponse.extension", "slice 'intendedUse': expected 1..*, but found 0", "Medplum: url discriminator from the type profile"),
    ];

    public static bool Covers(ProfileCheck.Finding finding) => Entries.Any(e =>
        finding.Profile == e.Profile && finding.Expression == e.Expression && finding.Message.Contains(e.Message, StringComparison.Ordinal));
}
