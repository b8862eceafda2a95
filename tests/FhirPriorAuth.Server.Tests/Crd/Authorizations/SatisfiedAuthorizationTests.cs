using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Crd;
using FhirPriorAuth.Server.Crd.Responses;
using FhirPriorAuth.Server.Tests.Crd.Responses;
using FhirPriorAuth.Server.Tests.Pas;
using FhirPriorAuth.Server.Tests.Pas.Review;
using static FhirPriorAuth.Server.Tests.Crd.Retention.CrdExchanges;

namespace FhirPriorAuth.Server.Tests.Crd.Authorizations;

/// <summary>
/// An order an authorization already granted here covers (same member, same drug, date of service in its period) is
/// answered <c>pa-needed: satisfied</c> with the authorization number as <c>satisfied-pa-id</c>, and no documentation
/// is asked for (CRD coverage-information invariants q1, q4, q5). Anything else still needs prior authorization.
/// </summary>
public sealed class SatisfiedAuthorizationTests
{
    private const string GenericNdc = "00054-0482-25";

    private const string Url = "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information";

    [Fact]
    public async Task After_an_approval_the_same_members_order_is_satisfied_by_its_authorization_number()
    {
        await using var server = CrdServer();
        var client = server.CreateClient();
        var approved = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, CrdCalls.WellmarkLutathera().Build()));
        Assert.Equal(["A1"], PasClient.ActionCodes(approved));
        var number = (string)approved["preAuthRef"]!;

        var answer = await AnswerAsync(client, CrdCalls.WellmarkLutathera().BuildCrdRequest());

        var info = CoverageInformation(answer);
        Assert.Equal("covered", (string)info["covered"]!);
        Assert.Equal("satisfied", (string)info["pa-needed"]!);
        Assert.Equal(number, (string)info["satisfied-pa-id"]!);
        Assert.False(info.ContainsKey("doc-needed"));
        Assert.False(info.ContainsKey("doc-purpose"));
        Assert.False(info.ContainsKey("questionnaire"));
        var card = answer["cards"]!.AsArray().Single(c => (string?)c!["source"]!["topic"]!["code"] == "coverage-info")!;
        Assert.Contains(number, (string)card["summary"]!);
        Assert.Null(card["links"]);
    }

    [Fact]
    public async Task Another_members_order_still_needs_prior_authorization()
    {
        await using var server = CrdServer();
        var client = server.CreateClient();
        await PasClient.SubmitAsync(client, CrdCalls.WellmarkLutathera().Build());
        var request = CrdCalls.WellmarkLutathera().BuildCrdRequest();
        foreach (var entry in request["prefetch"]!["coverage"]!["entry"]!.AsArray())
            if ((string?)entry!["resource"]!["resourceType"] == "Coverage")
                entry["resource"]!["subscriberId"] = "M999999";

        var info = CoverageInformation(await AnswerAsync(client, request));

        Assert.Equal("auth-needed", (string)info["pa-needed"]!);
        Assert.False(info.ContainsKey("satisfied-pa-id"));
    }

    [Fact]
    public async Task A_pended_request_is_no_authorization()
    {
        await using var server = CrdServer();
        var client = server.CreateClient();
        var pended = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, CrdCalls.WellmarkUndocumented().Build()));
        Assert.Equal(["A4"], PasClient.ActionCodes(pended));

        var info = CoverageInformation(await AnswerAsync(client, CrdCalls.WellmarkLutathera().BuildCrdRequest()));

        Assert.Equal("auth-needed", (string)info["pa-needed"]!);
        Assert.False(info.ContainsKey("satisfied-pa-id"));
    }

    [Fact]
    public async Task An_approval_modified_to_the_generic_satisfies_a_generic_order_but_not_the_brand()
    {
        await using var server = CrdServer();
        var client = server.CreateClient();
        var modified = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, CrdCalls.CenteneEverolimus().Build()));
        Assert.Equal(["A6"], PasClient.ActionCodes(modified));

        var brand = CoverageInformation(await AnswerAsync(client, CrdCalls.CenteneEverolimus().BuildCrdRequest()));
        var generic = CoverageInformation(await AnswerAsync(client, CrdCalls.CenteneEverolimus(GenericNdc).BuildCrdRequest()));

        Assert.NotEqual("satisfied", (string)brand["pa-needed"]!);
        Assert.False(brand.ContainsKey("satisfied-pa-id"));
        Assert.Equal("satisfied", (string)generic["pa-needed"]!);
        Assert.Equal((string)modified["preAuthRef"]!, (string)generic["satisfied-pa-id"]!);
    }

    [Fact]
    public async Task A_pended_request_a_reviewer_approves_then_satisfies_the_order()
    {
        await using var server = ReviewClient.Server(new SettableClock(ReviewClient.Submitted));
        var client = server.CreateClient();
        var task = await ReviewClient.PendAsync(client, CrdCalls.WellmarkUndocumented().Build());
        await ReviewClient.ReadAsync(
            await ReviewClient.DecideAsync(client, (string)task["id"]!, ReviewClient.Approve(reason: "Records received by fax")), System.Net.HttpStatusCode.OK);

        var info = CoverageInformation(await AnswerAsync(client, CrdCalls.WellmarkUndocumented().BuildCrdRequest()));

        Assert.Equal("satisfied", (string)info["pa-needed"]!);
        Assert.Equal((string)task["authorizationNumber"]!, (string)info["satisfied-pa-id"]!);
    }

    [Theory]
    [InlineData("everolimus", "2026-01-01", "2026-12-31")]
    [InlineData("lutathera", "2025-01-01", "2026-02-28")]
    [InlineData("lutathera", "2026-04-01", "2026-12-31")]
    public void An_authorization_for_another_drug_or_period_does_not_satisfy_the_order(string drug, string start, string end)
    {
        var request = CrdCalls.WellmarkLutathera().BuildCrdRequest();

        var info = Info(Respond(request, new ExistingAuthorization("PA-OTHER", drug, DateOnly.Parse(start), DateOnly.Parse(end))));

        Assert.Equal("auth-needed", (string)info["pa-needed"]!);
        Assert.False(info.ContainsKey("satisfied-pa-id"));
    }

    [Fact]
    public void An_authorization_whose_period_holds_the_date_of_service_satisfies_the_order()
    {
        var request = CrdCalls.WellmarkLutathera().BuildCrdRequest();

        var info = Info(Respond(request, new ExistingAuthorization("PA-2026-1", "lutathera", new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 2))));

        Assert.Equal("satisfied", (string)info["pa-needed"]!);
        Assert.Equal("PA-2026-1", (string)info["satisfied-pa-id"]!);
    }

    private static JsonObject Respond(JsonObject request, ExistingAuthorization authorization)
    {
        var response = CrdCalls.Responder().Respond(new CrdCall("order-sign", request, CrdConfiguration.From(request), CrdCalls.Now,
            "https://payer.example.org") { Authorizations = [authorization] });
        CrdResponseAssert.ValidResponse(response);
        return response;
    }

    private static Dictionary<string, JsonNode> Info(JsonObject answer)
    {
        var extension = answer["systemActions"]![0]!["resource"]!["extension"]!.AsArray().Single(e => (string?)e!["url"] == Url)!;
        return extension["extension"]!.AsArray().ToDictionary(p => (string)p!["url"]!,
            p => p!.AsObject().First(kv => kv.Key.StartsWith("value", StringComparison.Ordinal)).Value!);
    }
}
