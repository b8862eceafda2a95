using System.Net;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Tests.Infrastructure;

namespace FhirPriorAuth.Server.Tests.Pas;

/// <summary>PAS 2.2.1 updates: one answer under the original authorization number covering every line ever sent.</summary>
public sealed class ClaimUpdateTests
{
    [Fact]
    public async Task A_changed_line_is_decided_again_and_an_unchanged_line_keeps_its_answer()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();
        var first = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, PasRequests.LutatheraUndocumented().Build().WithLine(2)));
        Assert.Equal(["A4", "A4"], PasClient.ActionCodes(first));
        var preAuthRef = (string)first["preAuthRef"]!;

        var update = PasRequests.LutatheraQualifying().Build().WithLine(2).UpdateOf(preAuthRef).Changed(1);
        var updated = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, update));

        Assert.Equal(["A1", "A4"], PasClient.ActionCodes(updated));
        Assert.Equal(preAuthRef, (string?)updated["preAuthRef"]);
        Assert.Equal(ClaimUpdates.ReviewNumber(first, 2), ClaimUpdates.ReviewNumber(updated, 2));
    }

    [Fact]
    public async Task A_line_still_pended_after_an_update_keeps_its_request_for_documents_and_its_control_number()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();
        var firstBundle = await PasClient.SubmitAsync(client, PasRequests.LutatheraUndocumented().Build().WithLine(2));
        var first = PasClient.ClaimResponse(firstBundle);
        var asked = DocumentRequests(firstBundle);
        Assert.Equal([1, 2], asked.Keys.Order());

        var update = PasRequests.LutatheraQualifying().Build().WithLine(2).UpdateOf((string)first["preAuthRef"]!).Changed(1);
        var updatedBundle = await PasClient.SubmitAsync(client, update);
        var updated = PasClient.ClaimResponse(updatedBundle);

        Assert.Equal(["A1", "A4"], PasClient.ActionCodes(updated));
        var stillAsked = DocumentRequests(updatedBundle);
        // The certified line asks for nothing; the provider may already be filling the pended line's form under its number.
        Assert.Equal([2], stillAsked.Keys);
        Assert.Equal(asked[2], stillAsked[2]);
    }

    /// <summary>The requests for documents the ClaimResponse references (Bundle entries): pended line → attachment control number.</summary>
    private static Dictionary<int, string> DocumentRequests(JsonObject bundle) =>
        PasClient.DocumentRequests(bundle).ToDictionary(
            r => (int)r["extension"]!.AsArray().Single(e => ((string)e!["url"]!).EndsWith("extension-serviceLineNumber", StringComparison.Ordinal))!["valuePositiveInt"]!,
            r => (string)r["identifier"]![0]!["value"]!);

    [Fact]
    public async Task A_cancelled_line_is_answered_C_and_the_other_line_keeps_its_approval()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();
        var first = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, PasRequests.LutatheraQualifying().Build().WithLine(2)));
        Assert.Equal(["A1", "A1"], PasClient.ActionCodes(first));

        var update = PasRequests.LutatheraQualifying().Build().WithLine(2).UpdateOf((string)first["preAuthRef"]!).Cancelled(2);
        var updated = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, update));

        Assert.Equal(["A1", "C"], PasClient.ActionCodes(updated));
    }

    [Fact]
    public async Task Cancelling_the_whole_request_without_listing_lines_cancels_every_line()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();
        var first = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, PasRequests.LutatheraQualifying().Build().WithLine(2, "office visit")));
        var update = PasRequests.LutatheraQualifying().Build().UpdateOf((string)first["preAuthRef"]!).CancelWholeRequest();

        var updated = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, update));

        Assert.Equal(["C", "C"], PasClient.ActionCodes(updated));
        Assert.Equal((string?)first["preAuthRef"], (string?)updated["preAuthRef"]);
    }

    [Fact]
    public async Task A_line_sent_before_but_not_in_the_update_is_echoed_as_it_stood()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();
        var first = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, PasRequests.LutatheraQualifying().Build().WithLine(2, "office visit")));
        Assert.Equal(["A1", "NA"], PasClient.ActionCodes(first));

        var update = PasRequests.LutatheraQualifying().Build().WithLine(2, "office visit").WithoutLine(2).UpdateOf((string)first["preAuthRef"]!).Changed(1);
        var updated = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, update));

        Assert.Equal(["A1", "NA"], PasClient.ActionCodes(updated));
    }

    [Fact]
    public async Task A_denied_line_stays_denied_with_a_note_to_submit_a_new_request()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();
        var denied = PasRequests.AfinitorForBreastCancer().Her2(true);
        var first = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, denied.Build().WithLine(2, "office visit")));
        Assert.Equal(["A3", "NA"], PasClient.ActionCodes(first));

        var update = PasRequests.AfinitorForBreastCancer().Build().WithLine(2, "office visit").UpdateOf((string)first["preAuthRef"]!).Changed(1);
        var updated = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, update));

        Assert.Equal(["A3", "NA"], PasClient.ActionCodes(updated));
        Assert.Contains(PasClient.Notes(updated), n => n.Contains("Submit a new request", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_update_to_a_wholly_denied_request_is_refused()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();
        var first = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, PasRequests.AfinitorForBreastCancer().Her2(true).Build()));
        Assert.Equal(["A3"], PasClient.ActionCodes(first));

        var response = await PasClient.PostAsync(client, PasRequests.AfinitorForBreastCancer().Build().UpdateOf((string)first["preAuthRef"]!).Changed(1));

        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.BadRequest);
        Assert.Contains("Bundle.entry[0].resource.related[0]", FhirAssert.Expressions(outcome));
    }

    [Fact]
    public async Task Once_only_denied_lines_remain_a_further_update_is_refused()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();
        var denied = PasRequests.AfinitorForBreastCancer().Her2(true);
        var first = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, denied.Build().WithLine(2, "office visit")));
        var preAuthRef = (string)first["preAuthRef"]!;
        var cancelled = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, denied.Build().WithLine(2, "office visit").UpdateOf(preAuthRef).Cancelled(2)));
        Assert.Equal(["A3", "C"], PasClient.ActionCodes(cancelled));

        var response = await PasClient.PostAsync(client, PasRequests.AfinitorForBreastCancer().Build().WithLine(2, "office visit").UpdateOf(preAuthRef).Changed(1));

        await FhirAssert.OperationOutcome(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_update_naming_an_unknown_prior_request_is_refused_at_the_related_claim()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();

        var response = await PasClient.PostAsync(server.CreateClient(), PasRequests.LutatheraQualifying().Build().UpdateOf("PA-NOT-OURS"));

        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.BadRequest);
        Assert.Contains("Bundle.entry[0].resource.related[0]", FhirAssert.Expressions(outcome));
    }

    [Fact]
    public async Task An_inquiry_after_an_update_returns_only_the_latest_answer()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();
        var first = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, PasRequests.LutatheraQualifying().Build().WithLine(2)));
        await PasClient.SubmitAsync(client, PasRequests.LutatheraQualifying().Build().WithLine(2).UpdateOf((string)first["preAuthRef"]!).Cancelled(2));

        var response = await client.SendAsync(FhirRequests.Post("/fhir/Claim/$inquire", PasRequests.LutatheraQualifying().Build().ToJsonString()),
            TestContext.Current.CancellationToken);
        var parameters = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;

        var found = Assert.Single(parameters["parameter"]!.AsArray());
        Assert.Equal(["A1", "C"], PasClient.ActionCodes(PasClient.ClaimResponse(found!["resource"]!.AsObject())));
    }
}
