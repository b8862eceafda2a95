using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Tests.Infrastructure;

namespace FhirPriorAuth.Server.Tests.Pas.Pas201;

/// <summary>
/// $inquire on the 2.0.1 base: one inquiry Bundle in, one PAS Inquiry Response Bundle out (no Parameters), holding
/// every matching authorization newest first; requests are found whichever base they were submitted on.
/// </summary>
public sealed class Pas201InquireTests
{
    [Fact]
    public async Task A_request_submitted_on_fhir_is_found_by_a_2_0_1_inquiry()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();
        var submitted = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, PasRequests.LutatheraQualifying().Build()));

        var answer = await Pas201Client.InquireAsync(client, PasRequests.LutatheraQualifying().Build());

        Assert.Equal("Bundle", (string?)answer["resourceType"]);
        Assert.Equal("collection", (string?)answer["type"]);
        Assert.Equal(Pas201Client.Profile + "profile-pas-inquiry-response-bundle|2.0.1", Pas201Client.ProfileOf(answer));
        var found = Assert.Single(Pas201Client.ClaimResponses(answer));
        Assert.Equal((string?)submitted["preAuthRef"], (string?)found["preAuthRef"]);
        Assert.Equal(Pas201Client.Profile + "profile-claiminquiryresponse|2.0.1", Pas201Client.ProfileOf(found));
        // The parties the ClaimResponse names travel with it.
        var fullUrls = answer["entry"]!.AsArray().Select(e => (string?)e!["fullUrl"]).ToHashSet();
        Assert.Contains((string?)found["patient"]!["reference"], fullUrls);
    }

    [Fact]
    public async Task A_request_submitted_on_the_2_0_1_base_is_found_by_a_2_2_1_inquiry()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();
        var submitted = PasClient.ClaimResponse(await Pas201Client.SubmitAsync(client, PasRequests.LutatheraQualifying().Build()));

        var parameters = await Pas201Client.PostOkAsync(client, "/fhir/Claim/$inquire", PasRequests.LutatheraQualifying().Build());

        var found = Assert.Single(parameters["parameter"]!.AsArray());
        Assert.Equal((string?)submitted["preAuthRef"], (string?)PasClient.ClaimResponse(found!["resource"]!.AsObject())["preAuthRef"]);
    }

    [Fact]
    public async Task Several_authorizations_for_the_member_come_back_in_one_bundle_newest_first()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();
        var older = PasClient.ClaimResponse(await Pas201Client.SubmitAsync(client, PasRequests.LutatheraUndocumented().Build()));
        var newer = PasClient.ClaimResponse(await Pas201Client.SubmitAsync(client, PasRequests.LutatheraQualifying().Build()));

        var answer = await Pas201Client.InquireAsync(client, PasRequests.LutatheraQualifying().Build());

        Assert.Equal([(string?)newer["preAuthRef"], (string?)older["preAuthRef"]],
            Pas201Client.ClaimResponses(answer).Select(c => (string?)c["preAuthRef"]));
        Assert.Equal("ClaimResponse", (string?)answer["entry"]![0]!["resource"]!["resourceType"]);
        var fullUrls = answer["entry"]!.AsArray().Select(e => (string?)e!["fullUrl"]).ToList();
        Assert.Equal(fullUrls.Count, fullUrls.Distinct().Count());
    }

    [Fact]
    public async Task An_update_is_seen_by_a_2_0_1_inquiry_as_the_current_state()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();
        var first = PasClient.ClaimResponse(await Pas201Client.SubmitAsync(client, PasRequests.LutatheraQualifying().Build().WithLine(2)));
        await Pas201Client.SubmitAsync(client, PasRequests.LutatheraQualifying().Build().WithLine(2).UpdateOf((string)first["preAuthRef"]!).Cancelled(2));

        var answer = await Pas201Client.InquireAsync(client, PasRequests.LutatheraQualifying().Build());

        Assert.Equal(["A1", "C"], PasClient.ActionCodes(Assert.Single(Pas201Client.ClaimResponses(answer))));
    }

    [Fact]
    public async Task No_match_is_a_bundle_without_ClaimResponses_naming_whom_it_is_about()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();

        var answer = await Pas201Client.InquireAsync(client, PasRequests.LutatheraQualifying().Build());

        Assert.Empty(Pas201Client.ClaimResponses(answer));
        Assert.Contains(answer["entry"]!.AsArray(), e => (string?)e!["resource"]!["resourceType"] == "Patient");
    }

    [Fact]
    public async Task The_test_kit_2_0_1_inquiry_finds_its_approval_request()
    {
        var approval = await Pas201Client.FixtureAsync("extracted", "pas_ri_v201_preset__approval_pa_submit_request_payload.json");
        var inquiry = await Pas201Client.FixtureAsync("extracted", "pas_ri_v201_preset__pa_inquire_request_payload.json");
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();
        var submitted = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, approval));

        var answer = await Pas201Client.InquireAsync(client, inquiry);

        Assert.Equal([(string?)submitted["preAuthRef"]], Pas201Client.ClaimResponses(answer).Select(c => (string?)c["preAuthRef"]));
    }
}
