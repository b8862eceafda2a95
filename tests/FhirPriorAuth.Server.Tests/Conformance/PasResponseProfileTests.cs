using System.Net;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Server.Tests.Pas;
using FhirPriorAuth.Server.Tests.Pas.Review;
using FhirPriorAuth.Testing;
using static FhirPriorAuth.Server.Tests.Conformance.PasProfiles;

namespace FhirPriorAuth.Server.Tests.Conformance;

/// <summary>
/// What <c>/fhir</c> answers, held to the PAS 2.2.1 profiles by an independent validator: every kind of $submit
/// answer, the test kit's requests, $inquire, and a refusal (base R4).
/// </summary>
public sealed class PasResponseProfileTests
{
    [Theory]
    [MemberData(nameof(PasScenarios.Names), MemberType = typeof(PasScenarios))]
    public async Task Every_kind_of_submit_answer_conforms_to_the_PAS_response_profiles(string scenario)
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();

        var bundle = await PasScenarios.AnswerAsync(scenario, request => PasClient.SubmitAsync(client, request));

        string[] expected = [ResponseBundle, ClaimResponse, Beneficiary, Insurer, PractitionerRole];
        await AssertConformAsync(Pas221, scenario, bundle, scenario == "pend" ? [.. expected, CommunicationRequest] : expected);
    }

    [Theory]
    [InlineData("approve", "A1")]
    [InlineData("deny", "A3")]
    [InlineData("modify", "A6")]
    public async Task A_reviewers_decision_on_a_pended_request_conforms(string action, string code)
    {
        await using var server = ReviewClient.Server(new SettableClock(ReviewClient.Submitted));
        var client = server.CreateClient();
        var task = await ReviewClient.PendAsync(client, Conforming(PasRequests.LutatheraUndocumented().Build()));

        var decided = await ReviewClient.ReadAsync(await ReviewClient.DecideAsync(client, (string)task["id"]!, new
        {
            items = new[] { new { sequence = 1, action, reason = "Chart review.", quantity = action == "modify" ? new { value = 400 } : null } },
            reviewer = new { npi = "1982345670", specialty = "207RX0202X" },
        }), HttpStatusCode.OK);

        var bundle = decided["response"]!.AsObject();
        Assert.Equal([code], PasClient.ActionCodes(PasClient.ClaimResponse(bundle)));
        await AssertConformAsync(Pas221, "reviewed-" + action, bundle, ResponseBundle, ClaimResponse, Beneficiary, Insurer, PractitionerRole);
    }

    [Fact]
    public async Task A_pend_asks_for_the_payers_questionnaire_per_line_and_lists_what_is_missing()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var request = Conforming(PasRequests.LutatheraUndocumented().Build().WithLine(2));

        var bundle = await PasClient.SubmitAsync(server.CreateClient(), request);
        var claimResponse = PasClient.ClaimResponse(bundle);

        Assert.Equal(["A4", "A4"], PasClient.ActionCodes(claimResponse));
        var requests = PasClient.DocumentRequests(bundle);
        Assert.Equal([1, 2], requests.Select(r => (int)r["extension"]![0]!["valuePositiveInt"]!));
        Assert.All(requests, r =>
        {
            // PAS 2.2.1: one payload, a LOINC attachment request code; 102089-0 = the payer's questionnaire.
            Assert.Equal("102089-0", (string?)Assert.Single(r["payload"]!.AsArray())!["contentString"]);
            Assert.StartsWith((string)claimResponse["preAuthRef"]! + "-", (string?)r["identifier"]![0]!["value"], StringComparison.Ordinal);
            Assert.NotEmpty(r["note"]!.AsArray());
        });
    }

    [Fact]
    public async Task A_modification_that_keeps_the_product_authorizes_the_requested_code()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();

        var bundle = await PasScenarios.AnswerAsync("modify-quantity", request => PasClient.SubmitAsync(server.CreateClient(), request));

        // PAS binds addItem.productOrService (required) to HCPCS/CPT/NDC/X12: a code, not only words.
        var addItem = Assert.Single(PasClient.ClaimResponse(bundle)["addItem"]!.AsArray())!;
        Assert.Equal("A9513", (string?)addItem["productOrService"]!["coding"]![0]!["code"]);
        Assert.Equal(4, (int)addItem["quantity"]!["value"]!);
    }

    [Theory]
    [MemberData(nameof(SubmitConformanceTests.RequestBundles), MemberType = typeof(SubmitConformanceTests))]
    public async Task The_answer_to_each_test_kit_request_conforms(string fixture)
    {
        var requests = await PasFixtures.RequestsAsync(fixture);
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();
        foreach (var request in requests)
        {
            if (SubmitConformanceTests.PriorRequest(request) is { } prior)
                await PasClient.SubmitAsync(client, prior);
            var bundle = await PasClient.SubmitAsync(client, request);
            // Whatever the submitter's echoed resources claim is checked too.
            var claimed = bundle["entry"]!.AsArray().SelectMany(e => e!["resource"]!["meta"]?["profile"]?.AsArray() ?? [])
                .Select(p => ((string)p!).Split('|')[0]).Where(p => p.StartsWith("http://hl7.org/fhir/us/davinci-pas/", StringComparison.Ordinal));
            await AssertConformAsync(Pas221, fixture, bundle, [ResponseBundle, ClaimResponse, .. claimed]);
        }
    }

    [Fact]
    public async Task An_inquiry_answer_is_a_Parameters_of_conforming_inquiry_response_bundles()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();
        await PasClient.SubmitAsync(client, Conforming(PasRequests.LutatheraQualifying().Build()));
        await PasClient.SubmitAsync(client, Conforming(PasRequests.LutatheraUndocumented().Build().WithLine(2)));

        var response = await client.SendAsync(FhirRequests.Post("/fhir/Claim/$inquire", Conforming(PasRequests.LutatheraQualifying().Build()).ToJsonString()),
            TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var parameters = JsonNode.Parse(text)!;

        Assert.Equal(2, parameters["parameter"]!.AsArray().Count);
        await AssertConformAsync(Pas221, "inquire", parameters, [InquiryResponseBundle, ClaimInquiryResponse, Beneficiary, Insurer, PractitionerRole]);
    }

    [Fact]
    public async Task An_inquiry_that_finds_nothing_is_an_empty_but_valid_Parameters()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();

        var response = await server.CreateClient().SendAsync(FhirRequests.Post("/fhir/Claim/$inquire",
            Conforming(PasRequests.LutatheraQualifying().Build()).ToJsonString()), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var parameters = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Null(parameters["parameter"]);
        await AssertConformAsync(Pas221, "inquire-none", parameters, Base);
    }

    [Fact]
    public async Task The_allow_listed_finding_is_the_validators_the_IGs_own_response_example_meets_it_too()
    {
        var example = await FromPackageAsync(Pas221, "package/example/Bundle-ReferralAuthorizationResponseBundleExample.json");

        var report = await AssertConformAsync(Pas221, "IG example", example, ResponseBundle, ClaimResponse);

        Assert.Contains(report.Errors, e => e.Profile == ResponseBundle && e.Message.Contains("slice 'ClaimResponse'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_request_is_answered_with_a_valid_OperationOutcome()
    {
        var path = SharedData.PathTo("conformance", "pas", "nonconformant_pas_bundle.json");
        Assert.SkipWhen(path is null, SharedData.MissingMessage);
        await using var server = FhirServerFactory.WithAuthDisabled();

        var response = await server.CreateClient().SendAsync(
            FhirRequests.Post(PasClient.Submit, await File.ReadAllTextAsync(path!, TestContext.Current.CancellationToken)), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var outcome = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        var report = await AssertConformAsync(Pas221, "refusal", outcome, Base);
        Assert.All(report.Checked, c => Assert.Equal(Base, c.Profile));
    }
}
