using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Tests.Crd.Responses;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Server.Tests.Pas;
using static FhirPriorAuth.Server.Tests.Crd.Retention.CrdExchanges;
using static FhirPriorAuth.Server.Tests.Dtr.DtrTestServer;

namespace FhirPriorAuth.Server.Tests.Dtr;

/// <summary>
/// <c>$questionnaire-package</c> with the <c>context</c> DTR sends after CRD: the coverage-assertion-id of a CRD call
/// this server answered (and kept) resolves to the forms CRD named and the order it annotated, for that member only.
/// </summary>
public sealed class CrdContextPackageTests
{
    internal const string Member = "M123456"; // the subscriberId of the Coverage the CRD requests prefetch
    private const string RxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";

    [Fact]
    public async Task Given_ASignedWellmarkLutatheraOrder_When_OnlyItsAssertionIdIsSent_Then_TheWellmarkFormIsPackagedForThatOrder()
    {
        await using var server = CrdServer();
        var crdRequest = CrdCalls.WellmarkLutathera().BuildCrdRequest();
        var assertion = AssertionId(await AnswerAsync(server.CreateClient(), crdRequest));

        var (status, body) = await PostAsync(server, Package, WithContext(assertion, MemberCoverage(Member)));

        Assert.True(status == HttpStatusCode.OK, body.GetRawText());
        var resources = EntryResources(Assert.Single(PackageBundles(body))).ToList();
        Assert.Equal("wellmark-lutathera", resources[0].GetProperty("id").GetString());
        var draft = resources[^1];
        Assert.Equal("QuestionnaireResponse", draft.GetProperty("resourceType").GetString());
        Assert.Equal([$"MedicationRequest/{CrdCalls.Draft(crdRequest)["id"]}", "Coverage/cov-1"], QrContexts(draft));
        Assert.False(body.GetProperty("parameter").EnumerateArray().Any(p => p.GetProperty("name").GetString() == "outcome"), body.GetRawText());
        Assert.DoesNotContain(server.Logs, l => l.Contains(Member, StringComparison.Ordinal) || l.Contains(assertion, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("M999999")]
    [InlineData(null)]
    public async Task Given_AnAssertionIdOfAnotherMember_When_Sent_Then_422AsIfTheIdWereUnknown(string? otherMember)
    {
        await using var server = CrdServer();
        var assertion = AssertionId(await AnswerAsync(server.CreateClient(), CrdCalls.WellmarkLutathera().BuildCrdRequest()));

        var foreign = await PackageAsync(server, WithContext(assertion, MemberCoverage(otherMember)));
        var unknown = await PackageAsync(server, WithContext("0123456789abcdef0123456789abcdef", MemberCoverage(Member)));

        var foreignOutcome = await FhirAssert.OperationOutcome(foreign, HttpStatusCode.UnprocessableEntity);
        var unknownOutcome = await FhirAssert.OperationOutcome(unknown, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("context id is not one this server issued for this coverage", unknownOutcome.GetRawText(), StringComparison.Ordinal);
        // Nothing tells the two apart: the same issue, word for word.
        Assert.Equal(Issue(unknownOutcome), Issue(foreignOutcome));
    }

    [Fact]
    public async Task Given_AnUnknownContextWithAnOrder_When_Sent_Then_TheOrderDecidesAndTheContextIsWarnedAbout()
    {
        await using var server = CrdServer();
        var request = WithContext("context-from-another-system", MemberCoverage(Member));
        request["parameter"]!.AsArray().Add(new JsonObject { ["name"] = "order", ["resource"] = MedicationOrder(RxNorm, "1999687") });

        var (status, body) = await PostAsync(server, Package, request);

        Assert.True(status == HttpStatusCode.OK, body.GetRawText());
        var resources = EntryResources(Assert.Single(PackageBundles(body))).ToList();
        Assert.Equal("wellmark-lutathera", resources[0].GetProperty("id").GetString());
        Assert.Equal(["MedicationRequest/mr-1", "Coverage/cov-1"], QrContexts(resources[^1]));
        var outcome = body.GetProperty("parameter").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "outcome").GetProperty("resource");
        var issue = Assert.Single(outcome.GetProperty("issue").EnumerateArray());
        Assert.Equal("warning", issue.GetProperty("severity").GetString());
        Assert.Contains("context id", issue.GetProperty("diagnostics").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_AnOrderCrdAskedNoFormFor_When_ItsAssertionIdIsSent_Then_404NothingToDocument()
    {
        await using var server = CrdServer();
        var answer = await AnswerAsync(server.CreateClient(), CrdCalls.LabOnly("wellmark"));
        Assert.Equal("no-auth", (string?)CoverageInformation(answer)["pa-needed"]);

        var response = await PackageAsync(server, WithContext(AssertionId(answer), MemberCoverage(Member)));

        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.NotFound);
        Assert.Contains("Nothing to document", outcome.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_AnOrderAnApprovalAlreadySatisfies_When_ItsAssertionIdIsSent_Then_404NothingToDocument()
    {
        await using var server = CrdServer();
        var client = server.CreateClient();
        await PasClient.SubmitAsync(client, CrdCalls.WellmarkLutathera().Build());
        var answer = await AnswerAsync(client, CrdCalls.WellmarkLutathera().BuildCrdRequest());
        Assert.Equal("satisfied", (string?)CoverageInformation(answer)["pa-needed"]);

        var response = await PackageAsync(server, WithContext(AssertionId(answer), MemberCoverage(Member)));

        await FhirAssert.OperationOutcome(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Given_AKnownContextWithExplicitQuestionnaires_When_Sent_Then_TheNamedFormsDecide()
    {
        await using var server = CrdServer();
        var assertion = AssertionId(await AnswerAsync(server.CreateClient(), CrdCalls.WellmarkLutathera().BuildCrdRequest()));
        var request = WithContext(assertion, MemberCoverage(Member));
        request["parameter"]!.AsArray().Add(new JsonObject
        {
            ["name"] = "questionnaire", ["valueCanonical"] = "http://fhirpriorauth.example.org/fhir/Questionnaire/centene-everolimus",
        });

        var (status, body) = await PostAsync(server, Package, request);

        Assert.True(status == HttpStatusCode.OK, body.GetRawText());
        Assert.Equal("centene-everolimus", EntryResources(Assert.Single(PackageBundles(body))).First().GetProperty("id").GetString());
        Assert.False(body.GetProperty("parameter").EnumerateArray().Any(p => p.GetProperty("name").GetString() == "outcome"), body.GetRawText());
    }

    /// <summary>A Wellmark Coverage for the member (none: no subscriberId), its payer contained.</summary>
    internal static JsonObject MemberCoverage(string? member)
    {
        var coverage = Coverage("wellmark");
        if (member is not null)
            coverage["subscriberId"] = member;
        return coverage;
    }

    /// <summary>The request a DTR client sends after CRD with nothing but the coverage and the context id.</summary>
    internal static JsonObject WithContext(string context, JsonObject coverage) => new()
    {
        ["resourceType"] = "Parameters",
        ["parameter"] = new JsonArray(
            new JsonObject { ["name"] = "coverage", ["resource"] = coverage },
            new JsonObject { ["name"] = "context", ["valueString"] = context }),
    };
}
