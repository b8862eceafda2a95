using System.Net;
using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Serialization;
using FhirPriorAuth.Server.Tests.Infrastructure;
using static FhirPriorAuth.Server.Tests.Dtr.DtrTestServer;

namespace FhirPriorAuth.Server.Tests.Dtr;

/// <summary>
/// <c>$questionnaire-package</c> against small test artifacts: the right form for payer and drug, packaged with
/// its libraries, expanded value sets and a draft response tied to the order and the coverage.
/// </summary>
public sealed class QuestionnairePackageTests
{
    private const string RxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";
    private const string Ndc = "http://hl7.org/fhir/sid/ndc";
    private const string Hcpcs = "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";
    private const string Base = "http://fhirpriorauth.example.org/fhir";

    public static TheoryData<string, string, string, string> PayerDrugForms => new()
    {
        { "wellmark", RxNorm, "1999687", "test-wellmark-lutathera" },
        { "wellmark", Hcpcs, "A9513", "test-wellmark-lutathera" },
        { "wellmark", Ndc, "69488-003-01", "test-wellmark-lutathera" },
        { "capital-blue-cross", Ndc, "69488-0003-01", "test-cbc-lutathera" },
        { "centene", Ndc, "0078-0567-51", "test-centene-everolimus" },
        { "centene", Ndc, "00078056751", "test-centene-everolimus" },
        { "centene", RxNorm, "845507", "test-centene-everolimus" },
    };

    [Theory]
    [MemberData(nameof(PayerDrugForms))]
    public async Task Given_APayerAndAnOrderedDrug_When_PackageRequested_Then_ThePayersFormForThatDrugIsReturned(string payer, string system, string code, string questionnaireId)
    {
        await using var server = WithTestArtifacts();
        var (status, body) = await PostAsync(server, "/fhir/Questionnaire/$questionnaire-package",
            Parameters(("coverage", Coverage(payer)), ("order", MedicationOrder(system, code))));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Parameters", body.GetProperty("resourceType").GetString());
        var bundle = Assert.Single(PackageBundles(body));
        var questionnaire = EntryResources(bundle).First();
        Assert.Equal("Questionnaire", questionnaire.GetProperty("resourceType").GetString());
        Assert.Equal(questionnaireId, questionnaire.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Given_AForm_When_Packaged_Then_TheBundleHoldsItsLibrariesTransitivelyExpandedValueSetsAndADraftResponse()
    {
        await using var server = WithTestArtifacts();
        var (status, body) = await PostAsync(server, "/fhir/Questionnaire/$questionnaire-package",
            Parameters(("coverage", Coverage("wellmark")), ("order", MedicationOrder(RxNorm, "1999687"))));

        Assert.Equal(HttpStatusCode.OK, status);
        var bundle = Assert.Single(PackageBundles(body));
        Assert.Equal("collection", bundle.GetProperty("type").GetString());
        var resources = EntryResources(bundle).ToList();
        Assert.Equal(["Questionnaire", "Library", "Library", "ValueSet", "QuestionnaireResponse"],
            resources.Select(r => r.GetProperty("resourceType").GetString()));
        Assert.Equal(["TestWellmarkLutathera", "TestHelpers"],
            resources.Where(r => r.GetProperty("resourceType").GetString() == "Library").Select(r => r.GetProperty("name").GetString()));

        var valueSet = resources.Single(r => r.GetProperty("resourceType").GetString() == "ValueSet");
        Assert.Equal(["C7A.010", "C7A.012", "C25.4"],
            valueSet.GetProperty("expansion").GetProperty("contains").EnumerateArray().Select(c => c.GetProperty("code").GetString()));

        var draft = resources[^1];
        Assert.Equal("in-progress", draft.GetProperty("status").GetString());
        Assert.Equal($"{Base}/Questionnaire/test-wellmark-lutathera|1.0.0", draft.GetProperty("questionnaire").GetString());
        Assert.Equal("Patient/pat-1", draft.GetProperty("subject").GetProperty("reference").GetString());
        var contexts = draft.GetProperty("extension").EnumerateArray()
            .Where(e => e.GetProperty("url").GetString() == "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/qr-context")
            .Select(e => e.GetProperty("valueReference").GetProperty("reference").GetString());
        Assert.Equal(["MedicationRequest/mr-1", "Coverage/cov-1"], contexts);
    }

    [Fact]
    public async Task Given_APackage_When_ParsedAsFhir_Then_ItHasNoStructuralErrors()
    {
        await using var server = WithTestArtifacts();
        var response = await server.CreateClient().SendAsync(FhirRequests.Post("/fhir/Questionnaire/$questionnaire-package",
            Parameters(("coverage", Coverage("centene")), ("order", MedicationOrder(RxNorm, "845507"))).ToJsonString()), Ct);

        var parsed = FhirJsonParser.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Issues.Select(i => $"{i.Expression}: {i.Message}")));
    }

    [Theory]
    [InlineData("2026-06-01", true)]
    [InlineData("2025-12-01", false)]
    public async Task Given_ARetiredPolicy_When_PackagedForADateOfService_Then_ItsFormIsServedWithAWarningOnlyAfterRetirement(string authoredOn, bool warned)
    {
        await using var server = WithTestArtifacts();
        var order = MedicationOrder(RxNorm, "1999682");
        order["authoredOn"] = authoredOn;
        var (status, body) = await PostAsync(server, "/fhir/Questionnaire/$questionnaire-package",
            Parameters(("coverage", Coverage("capital-blue-cross")), ("order", order)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("test-cbc-lutathera", EntryResources(Assert.Single(PackageBundles(body))).First().GetProperty("id").GetString());
        var outcome = body.GetProperty("parameter").EnumerateArray().Where(p => p.GetProperty("name").GetString() == "outcome").ToList();
        Assert.Equal(warned, outcome.Count == 1 && outcome[0].GetRawText().Contains("retired", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Given_TheSystemLevelAddressAnd22Names_When_PackageRequested_Then_TheSameFormIsReturned()
    {
        // 2.2 sends exactly one coverage and the order's supporting resources as further 'order's, never 'referenced'.
        await using var server = WithTestArtifacts();
        var practitioner = new JsonObject { ["resourceType"] = "Practitioner", ["id"] = "dr-1" };
        var (status, body) = await PostAsync(server, "/fhir/$questionnaire-package",
            Parameters(("coverage", Coverage("centene")), ("order", practitioner), ("order", MedicationOrder(Ndc, "0054-0482-21")),
                ("context", JsonValue.Create("crd-assertion-7")!)));

        Assert.Equal(HttpStatusCode.OK, status);
        var resources = EntryResources(Assert.Single(PackageBundles(body))).ToList();
        Assert.Equal("test-centene-everolimus", resources[0].GetProperty("id").GetString());
        // The practitioner is supporting information, not a context of the response.
        Assert.Equal(["MedicationRequest/mr-1", "Coverage/cov-1"], resources[^1].GetProperty("extension").EnumerateArray()
            .Where(e => e.GetProperty("url").GetString()!.EndsWith("/qr-context", StringComparison.Ordinal))
            .Select(e => e.GetProperty("valueReference").GetProperty("reference").GetString()));
    }

    [Fact]
    public async Task Given_The22OutputName_When_Configured_Then_BundlesAreNamedPackagebundle()
    {
        await using var server = WithTestArtifacts(("Dtr:PackageBundleParameter", "packagebundle"));
        var (status, body) = await PostAsync(server, "/fhir/Questionnaire/$questionnaire-package",
            Parameters(("coverage", Coverage("centene")), ("order", MedicationOrder(RxNorm, "845507"))));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["packagebundle"], body.GetProperty("parameter").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Given_201ReferencedResources_When_TheMedicationIsReferenced_Then_TheDrugIsReadFromIt()
    {
        await using var server = WithTestArtifacts();
        var order = MedicationOrder(RxNorm, "0");
        order.Remove("medicationCodeableConcept");
        order["medicationReference"] = new JsonObject { ["reference"] = "Medication/med-1" };
        var medication = new JsonObject
        {
            ["resourceType"] = "Medication",
            ["id"] = "med-1",
            ["code"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = Ndc, ["code"] = "0078-0627-51" }) },
        };
        var (status, body) = await PostAsync(server, "/fhir/Questionnaire/$questionnaire-package",
            Parameters(("coverage", Coverage("centene")), ("order", order), ("referenced", medication)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("test-centene-everolimus", EntryResources(Assert.Single(PackageBundles(body))).First().GetProperty("id").GetString());
    }

    [Fact]
    public async Task Given_AnExplicitCanonical_When_PackageRequested_Then_ThatFormIsReturnedAndUnknownOnesAreWarned()
    {
        await using var server = WithTestArtifacts();
        var (status, body) = await PostAsync(server, "/fhir/Questionnaire/$questionnaire-package",
            Parameters(("coverage", Coverage("wellmark")),
                ("questionnaire", JsonValue.Create($"{Base}/Questionnaire/test-wellmark-lutathera|1.0.0")!),
                ("questionnaire", JsonValue.Create($"{Base}/Questionnaire/nothing-here")!)));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Single(PackageBundles(body));
        var outcome = body.GetProperty("parameter").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "outcome");
        Assert.Contains("nothing-here", outcome.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_UnchangedFormsSinceTheGivenTime_When_PackageRequested_Then_NoBundleIsSent()
    {
        await using var server = WithTestArtifacts();
        var request = Parameters(("coverage", Coverage("wellmark")), ("order", MedicationOrder(RxNorm, "1999687")));
        ((JsonArray)request["parameter"]!).Add(new JsonObject { ["name"] = "changedsince", ["valueDateTime"] = "2026-06-01T00:00:00Z" });
        var (status, body) = await PostAsync(server, "/fhir/Questionnaire/$questionnaire-package", request);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(PackageBundles(body));
    }

    [Fact]
    public async Task Given_AnUnknownPayer_When_PackageRequested_Then_422OperationOutcome()
    {
        await using var server = WithTestArtifacts();
        var response = await server.CreateClient().SendAsync(FhirRequests.Post("/fhir/Questionnaire/$questionnaire-package",
            Parameters(("coverage", Coverage("acme-health")), ("order", MedicationOrder(RxNorm, "1999687"))).ToJsonString()), Ct);

        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("payer", outcome.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_AnOrderWithoutADocumentedDrug_When_PackageRequested_Then_404OperationOutcome()
    {
        await using var server = WithTestArtifacts();
        var response = await server.CreateClient().SendAsync(FhirRequests.Post("/fhir/Questionnaire/$questionnaire-package",
            Parameters(("coverage", Coverage("wellmark")), ("order", MedicationOrder(RxNorm, "197361"))).ToJsonString()), Ct);

        await FhirAssert.OperationOutcome(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Given_APayerWithoutAFormForTheDrug_When_PackageRequested_Then_404OperationOutcome()
    {
        await using var server = WithTestArtifacts();
        var response = await server.CreateClient().SendAsync(FhirRequests.Post("/fhir/Questionnaire/$questionnaire-package",
            Parameters(("coverage", Coverage("wellmark")), ("order", MedicationOrder(RxNorm, "845507"))).ToJsonString()), Ct);

        await FhirAssert.OperationOutcome(response, HttpStatusCode.NotFound);
    }

    public static TheoryData<string> MalformedRequests => new()
    {
        """{"resourceType":"Patient"}""",
        """{"resourceType":"Parameters","parameter":[{"name":"order","resource":{"resourceType":"MedicationRequest","status":"draft","intent":"order","subject":{"reference":"Patient/p"},"medicationCodeableConcept":{"text":"x"}}}]}""",
        """{"resourceType":"Parameters","parameter":[{"name":"coverage","resource":{"resourceType":"Patient"}},{"name":"context","valueString":"c"}]}""",
        """{"resourceType":"Parameters","parameter":[{"name":"coverage","resource":{"resourceType":"Coverage","status":"active","beneficiary":{"reference":"Patient/p"},"payor":[{"display":"Wellmark"}]}}]}""",
        """{"resourceType":"Parameters","parameter":[{"name":"coverage","resource":{"resourceType":"Coverage","status":"active","beneficiary":{"reference":"Patient/p"},"payor":[{"display":"Wellmark"}]}},{"name":"context","valueString":"c"},{"name":"changedsince","valueString":"yesterday"}]}""",
        """{"resourceType":"Parameters","parameter":[{"name":"coverage","resource":{"resourceType":"Coverage","status":12}}]}""",
    };

    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public async Task Given_AMalformedRequest_When_PackageRequested_Then_400OperationOutcome(string body)
    {
        await using var server = WithTestArtifacts();
        var response = await server.CreateClient().SendAsync(FhirRequests.Post("/fhir/Questionnaire/$questionnaire-package", body), Ct);

        await FhirAssert.OperationOutcome(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Given_APayerNamedOnlyByDisplay_When_PackageRequested_Then_ThePayerIsRecognised()
    {
        await using var server = WithTestArtifacts();
        var coverage = Coverage("unused");
        coverage.Remove("contained");
        coverage["payor"] = new JsonArray(new JsonObject { ["display"] = "Wellmark" });
        var (status, _) = await PostAsync(server, "/fhir/Questionnaire/$questionnaire-package",
            Parameters(("coverage", coverage), ("order", MedicationOrder(RxNorm, "1999687"))));

        Assert.Equal(HttpStatusCode.OK, status);
    }
}
