using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Tests.Builders;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Server.Tests.Pas;
using FhirPriorAuth.Server.Tests.Pas.Review;
using FhirPriorAuth.Testing;
using static FhirPriorAuth.Server.Tests.Dtr.CrdContextPackageTests;
using static FhirPriorAuth.Server.Tests.Dtr.DtrTestServer;

namespace FhirPriorAuth.Server.Tests.Dtr;

/// <summary>
/// <c>$questionnaire-package</c> with the attachment control number of a PAS pend as <c>context</c> (PAS 2.2.1 ainfo-3:
/// the number sent with LOINC 102089-0 is the DTR context id): the payer's form for the pended line, its draft tied to
/// the line's order and the coverage; for that member only, and only while the line is pended.
/// </summary>
public sealed class PasContextPackageTests
{
    internal const string WellmarkForm = "http://fhirpriorauth.example.org/fhir/Questionnaire/wellmark-lutathera";
    private const string CenteneForm = "http://fhirpriorauth.example.org/fhir/Questionnaire/centene-everolimus";
    private const string QuestionnaireResponseProfile = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/dtr-questionnaireresponse";
    private const string ControlNumberSystem = "http://fhirpriorauth.example.org/fhir/attachment-control-number";

    [Fact]
    public async Task Given_AnUndocumentedWellmarkLutatheraRequest_When_ItsControlNumberIsSent_Then_TheWellmarkFormIsPackagedForItsOrder()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var number = await PendAsync(server.CreateClient(), LutatheraPendWithOrder());

        var (status, body) = await PostAsync(server, Package, WithContext(number, MemberCoverage(Member)));

        Assert.True(status == HttpStatusCode.OK, body.GetRawText());
        var resources = EntryResources(Assert.Single(PackageBundles(body))).ToList();
        Assert.Equal(WellmarkForm, resources[0].GetProperty("url").GetString());
        var draft = resources[^1];
        Assert.Equal($"{WellmarkForm}|1.0.0", draft.GetProperty("questionnaire").GetString());
        Assert.Equal(["MedicationRequest/lutathera-order", "Coverage/cov-1"], QrContexts(draft));
        Assert.Equal(QuestionnaireResponseProfile, draft.GetProperty("meta").GetProperty("profile")[0].GetString());
        Assert.False(body.GetProperty("parameter").EnumerateArray().Any(p => p.GetProperty("name").GetString() == "outcome"), body.GetRawText());
        Assert.DoesNotContain(server.Logs, l => l.Contains(number, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Given_AControlNumbersPackage_When_Validated_Then_ItsDraftMeetsTheDtrQuestionnaireResponseProfileItClaims()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var number = await PendAsync(server.CreateClient(), LutatheraPendWithOrder());
        var (status, body) = await PostAsync(server, Package, WithContext(number, MemberCoverage(Member)));
        Assert.True(status == HttpStatusCode.OK, body.GetRawText());

        var report = await ProfileCheck.ValidateAsync([("package", JsonNode.Parse(body.GetRawText())!)],
            [Conformance.DtrProfileConformanceTests.Dtr201], Ct, extensions: true);

        Assert.Contains(report.Checked, c => c.Path.StartsWith("Parameters.parameter[0].resource.entry[", StringComparison.Ordinal)
            && c.Profile == QuestionnaireResponseProfile);
        var unexpected = report.Errors.Where(e => !Conformance.DtrAllowList.Covers(e)).ToList();
        Assert.True(unexpected.Count == 0, ProfileCheck.Describe(unexpected));
    }

    [Fact]
    public async Task Given_ALutatheraPendWithoutAnOrder_When_ItsControlNumberIsSent_Then_TheFormComesFromTheLineCodeAndTheDraftNamesTheCoverage()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var number = await PendAsync(server.CreateClient(), PasRequests.LutatheraUndocumented().Build());

        var (status, body) = await PostAsync(server, Package, WithContext(number, MemberCoverage(Member)));

        Assert.True(status == HttpStatusCode.OK, body.GetRawText());
        var resources = EntryResources(Assert.Single(PackageBundles(body))).ToList();
        Assert.Equal(WellmarkForm, resources[0].GetProperty("url").GetString());
        var draft = resources[^1];
        Assert.Equal(["Coverage/cov-1"], QrContexts(draft));
        // One context is not what the DTR QuestionnaireResponse profile asks for (2..*): the draft does not claim it.
        Assert.False(draft.TryGetProperty("meta", out _), draft.GetRawText());
    }

    [Fact]
    public async Task Given_APendedRequest_When_AnotherMembersOrPayersCoverageSendsItsNumber_Then_422AsIfTheNumberWereUnknown()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var number = await PendAsync(server.CreateClient(), LutatheraPendWithOrder());
        var centene = Coverage("centene");
        centene["subscriberId"] = Member;

        var unknown = await PackageAsync(server, WithContext("PA-000000000000-1", MemberCoverage(Member)));
        var otherLine = await PackageAsync(server, WithContext(number[..^1] + "2", MemberCoverage(Member)));
        var otherMember = await PackageAsync(server, WithContext(number, MemberCoverage("M999999")));
        var noMember = await PackageAsync(server, WithContext(number, MemberCoverage(null)));
        var otherPayer = await PackageAsync(server, WithContext(number, centene));

        var expected = Issue(await FhirAssert.OperationOutcome(unknown, HttpStatusCode.UnprocessableEntity));
        Assert.Contains("context id is not one this server issued for this coverage", expected, StringComparison.Ordinal);
        // Nothing tells them apart: the same issue, word for word.
        foreach (var refused in new[] { otherLine, otherMember, noMember, otherPayer })
            Assert.Equal(expected, Issue(await FhirAssert.OperationOutcome(refused, HttpStatusCode.UnprocessableEntity)));
    }

    [Fact]
    public async Task Given_AReviewerApprovedThePendedLine_When_ItsControlNumberIsSent_Then_404NothingToDocument()
    {
        await using var server = ReviewClient.Server(new SettableClock(ReviewClient.Submitted));
        var client = server.CreateClient();
        var number = await PendAsync(client, LutatheraPendWithOrder());
        var task = Assert.Single(await ReviewClient.ListAsync(client))!;
        await ReviewClient.ReadAsync(await ReviewClient.DecideAsync(client, (string)task["id"]!, ReviewClient.Approve()), HttpStatusCode.OK);

        var response = await PackageAsync(server, WithContext(number, MemberCoverage(Member)));

        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.NotFound);
        Assert.Contains("Nothing to document", outcome.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("no longer pended", outcome.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_TheSubmitterCancelledThePendedLine_When_ItsControlNumberIsSent_Then_404NothingToDocument()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();
        var number = await PendAsync(client, LutatheraPendWithOrder());
        var cancel = LutatheraPendWithOrder().UpdateOf(number[..number.LastIndexOf('-')]).Cancelled(1);
        Assert.Equal(["C"], PasClient.ActionCodes(PasClient.ClaimResponse(await PasClient.SubmitAsync(client, cancel))));

        var response = await PackageAsync(server, WithContext(number, MemberCoverage(Member)));

        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.NotFound);
        Assert.Contains("Nothing to document", outcome.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_AnUndocumentedCenteneEverolimusRequest_When_ItsControlNumberIsSent_Then_TheCenteneFormIsPackagedForItsPrescription()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var number = await PendAsync(server.CreateClient(),
            PasRequestBuilder.Everolimus("centene").ServiceDate(PasRequests.ServiceDate).Commercial().Patient(60).Diagnosis("C50.911").Build());
        var coverage = Coverage("centene");
        coverage["subscriberId"] = Member;

        var (status, body) = await PostAsync(server, Package, WithContext(number, coverage));

        Assert.True(status == HttpStatusCode.OK, body.GetRawText());
        var resources = EntryResources(Assert.Single(PackageBundles(body))).ToList();
        Assert.Equal(CenteneForm, resources[0].GetProperty("url").GetString());
        // The Claim's prescription, the line's only request.
        Assert.Equal(["MedicationRequest/order", "Coverage/cov-1"], QrContexts(resources[^1]));
    }

    [Fact]
    public async Task Given_AKnownControlNumberBesideAnOrder_When_Sent_Then_TheOrderDecidesWithoutAWarning()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var number = await PendAsync(server.CreateClient(), LutatheraPendWithOrder());
        var request = WithContext(number, MemberCoverage(Member));
        request["parameter"]!.AsArray().Add(new JsonObject
        {
            ["name"] = "order", ["resource"] = MedicationOrder("http://www.nlm.nih.gov/research/umls/rxnorm", "1999687"),
        });

        var (status, body) = await PostAsync(server, Package, request);

        Assert.True(status == HttpStatusCode.OK, body.GetRawText());
        var resources = EntryResources(Assert.Single(PackageBundles(body))).ToList();
        Assert.Equal(["MedicationRequest/mr-1", "Coverage/cov-1"], QrContexts(resources[^1]));
        Assert.False(body.GetProperty("parameter").EnumerateArray().Any(p => p.GetProperty("name").GetString() == "outcome"), body.GetRawText());
    }

    /// <summary>
    /// Wellmark Lutathera with only a diagnosis (pended), its claim line naming the Lutathera MedicationRequest it is
    /// for (PAS requestedService).
    /// </summary>
    internal static JsonObject LutatheraPendWithOrder()
    {
        var request = PasRequests.LutatheraUndocumented().Resource(new JsonObject
        {
            ["resourceType"] = "MedicationRequest",
            ["id"] = "lutathera-order",
            ["status"] = "active",
            ["intent"] = "order",
            ["medicationCodeableConcept"] = PasRequestBuilder.Concept(PasRequestBuilder.RxNorm, "1999682"),
            ["subject"] = PasRequestBuilder.Ref("Patient", "patient"),
            ["requester"] = PasRequestBuilder.Ref("PractitionerRole", "prescriber"),
            ["authoredOn"] = "2026-02-27",
        }).Build();
        request["entry"]![0]!["resource"]!["item"]![0]!["extension"]!.AsArray().Add(new JsonObject
        {
            ["url"] = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-requestedService",
            ["valueReference"] = PasRequestBuilder.Ref("MedicationRequest", "lutathera-order"),
        });
        return request;
    }

    /// <summary>Submits a request that pends its one line and returns the attachment control number the pend asks under.</summary>
    internal static async Task<string> PendAsync(HttpClient client, JsonObject request)
    {
        var bundle = await PasClient.SubmitAsync(client, request);
        Assert.Equal(["A4"], PasClient.ActionCodes(PasClient.ClaimResponse(bundle)));
        var communication = Assert.Single(PasClient.DocumentRequests(bundle));
        Assert.Equal("102089-0", (string?)communication["payload"]![0]!["contentString"]);
        var identifier = Assert.Single(communication["identifier"]!.AsArray())!;
        Assert.Equal(ControlNumberSystem, (string?)identifier["system"]);
        return (string)identifier["value"]!;
    }
}
