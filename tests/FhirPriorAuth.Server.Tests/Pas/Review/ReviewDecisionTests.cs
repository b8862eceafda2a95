using System.Net;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Tests.Infrastructure;

namespace FhirPriorAuth.Server.Tests.Pas.Review;

/// <summary>A reviewer opens a pended request, decides it, and the submitter's answer ($inquire, notifications) changes.</summary>
public sealed class ReviewDecisionTests
{
    private const string Reviewer = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-claimResponseReviewer";
    private const string Inquire = "/fhir/Claim/$inquire";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Opening_a_task_shows_the_request_the_facts_and_the_criteria_behind_the_pend()
    {
        await using var server = ReviewClient.Server(new SettableClock(ReviewClient.Submitted));
        var client = server.CreateClient();
        var summary = await ReviewClient.PendAsync(client, PasRequests.LutatheraUndocumented().Build());

        var opened = await ReviewClient.GetAsync(client, (string)summary["id"]!);

        Assert.Equal("Claim", (string?)opened["request"]!["entry"]![0]!["resource"]!["resourceType"]);
        Assert.Equal("A4", PasClient.ActionCodes(PasClient.ClaimResponse(opened["response"]!.AsObject())).Single());
        Assert.Contains(opened["evidence"]!["facts"]!.AsArray(), f => (string?)f!["name"] == "diagnosis");
        Assert.Equal("Pended", (string?)opened["decision"]!["action"]);
        Assert.NotEmpty(opened["decision"]!["criteria"]!.AsArray());
        Assert.NotEmpty(opened["decision"]!["missingDocumentation"]!.AsArray());
    }

    [Fact]
    public async Task An_approval_certifies_the_line_records_the_human_reviewer_and_inquire_sees_it()
    {
        var clock = new SettableClock(ReviewClient.Submitted);
        var notifier = new RecordingNotifier();
        await using var server = ReviewClient.Server(clock, notifier);
        var client = server.CreateClient();
        var summary = await ReviewClient.PendAsync(client, PasRequests.LutatheraUndocumented().Build());
        clock.Now = ReviewClient.Submitted.AddHours(30);

        var decided = await ReviewClient.ReadAsync(await ReviewClient.DecideAsync(client, (string)summary["id"]!,
            ReviewClient.Approve(reason: "Chart review: SSTR-positive PET and adequate organ function documented.")), HttpStatusCode.OK);

        var task = decided["task"]!;
        Assert.Equal("completed", (string?)task["status"]);
        Assert.Equal("2026-02-28T15:00:00Z", (string?)task["executionPeriod"]!["end"]);
        Assert.Equal("1982345670", (string?)task["owner"]!["identifier"]!["value"]);
        Assert.Equal("A1", (string?)task["output"]!.AsArray().Single(o => (string?)o!["type"]!["text"] == "reviewAction")!["valueCode"]);
        Assert.Contains("SSTR-positive", (string?)task["output"]!.AsArray().Single(o => (string?)o!["type"]!["text"] == "reason")!["valueString"], StringComparison.Ordinal);

        var inquired = PasClient.ClaimResponse(Assert.Single(await InquireAsync(client)));
        Assert.Equal(new[] { "A1" }, PasClient.ActionCodes(inquired));
        Assert.Equal((string?)summary["authorizationNumber"], (string?)inquired["item"]![0]!["adjudication"]![0]!["extension"]![0]!["extension"]![1]!["valueString"]);
        Assert.Contains(PasClient.Notes(inquired), n => n.Contains("SSTR-positive", StringComparison.Ordinal));
        Assert.Null(inquired["communicationRequest"]);
        var reviewer = inquired["extension"]!.AsArray().Single(e => (string?)e!["url"] == Reviewer)!["extension"]!.AsArray();
        Assert.True((bool)reviewer.Single(e => (string?)e!["url"] == "wasHumanReviewedFlag")!["valueBoolean"]!);
        Assert.Equal("1982345670", (string?)reviewer.Single(e => (string?)e!["url"] == "reviewerNPI")!["valueIdentifier"]!["value"]);

        var change = Assert.Single(notifier.Changes);
        Assert.Equal((string?)summary["authorizationNumber"], change.AuthorizationNumber);
        Assert.Equal(new[] { "A1" }, PasClient.ActionCodes(PasClient.ClaimResponse(change.ResponseBundle)));
        Assert.Equal("anonymous", change.Submitter);
        Assert.Empty(await ReviewClient.ListAsync(client));
        Assert.Single(await ReviewClient.ListAsync(client, "completed"));
    }

    [Fact]
    public async Task A_denial_is_not_certified_with_the_reviewers_reason()
    {
        await using var server = ReviewClient.Server(new SettableClock(ReviewClient.Submitted));
        var client = server.CreateClient();
        var summary = await ReviewClient.PendAsync(client, PasRequests.LutatheraUndocumented().Build());

        await ReviewClient.ReadAsync(await ReviewClient.DecideAsync(client, (string)summary["id"]!, ReviewClient.Deny()), HttpStatusCode.OK);

        var inquired = PasClient.ClaimResponse(Assert.Single(await InquireAsync(client)));
        Assert.Equal(new[] { "A3" }, PasClient.ActionCodes(inquired));
        Assert.Contains(PasClient.Notes(inquired), n => n == "The tumour is not SSTR-positive on the imaging provided.");
        Assert.Equal("complete", (string?)inquired["outcome"]);
    }

    [Fact]
    public async Task A_modification_returns_what_is_authorized_instead_as_an_added_item()
    {
        await using var server = ReviewClient.Server(new SettableClock(ReviewClient.Submitted));
        var client = server.CreateClient();
        var summary = await ReviewClient.PendAsync(client, PasRequests.LutatheraUndocumented().Build());

        await ReviewClient.ReadAsync(await ReviewClient.DecideAsync(client, (string)summary["id"]!, new
        {
            items = new[] { new { sequence = 1, action = "modify", reason = "Two doses now; reassess before the rest.", quantity = new { value = 400 } } },
            reviewer = new { npi = "1982345670" },
        }), HttpStatusCode.OK);

        var inquired = PasClient.ClaimResponse(Assert.Single(await InquireAsync(client)));
        Assert.Equal(new[] { "A6" }, PasClient.ActionCodes(inquired));
        var added = Assert.Single(inquired["addItem"]!.AsArray())!;
        Assert.Equal(400m, (decimal)added["quantity"]!["value"]!);
        Assert.Equal("A1", PasClient.ActionCode(added["adjudication"]![0]!));
    }

    [Fact]
    public async Task A_second_decision_is_a_conflict_and_changes_nothing()
    {
        var notifier = new RecordingNotifier();
        await using var server = ReviewClient.Server(new SettableClock(ReviewClient.Submitted), notifier);
        var client = server.CreateClient();
        var id = (string)(await ReviewClient.PendAsync(client, PasRequests.LutatheraUndocumented().Build()))["id"]!;
        await ReviewClient.ReadAsync(await ReviewClient.DecideAsync(client, id, ReviewClient.Approve()), HttpStatusCode.OK);

        var second = await ReviewClient.DecideAsync(client, id, ReviewClient.Deny());

        await FhirAssert.OperationOutcome(second, HttpStatusCode.Conflict);
        Assert.Equal(new[] { "A1" }, PasClient.ActionCodes(PasClient.ClaimResponse(Assert.Single(await InquireAsync(client)))));
        Assert.Single(notifier.Changes);
    }

    [Fact]
    public async Task A_denial_without_a_reason_is_refused_and_the_task_stays_open()
    {
        var notifier = new RecordingNotifier();
        await using var server = ReviewClient.Server(new SettableClock(ReviewClient.Submitted), notifier);
        var client = server.CreateClient();
        var id = (string)(await ReviewClient.PendAsync(client, PasRequests.LutatheraUndocumented().Build()))["id"]!;

        var refused = await ReviewClient.DecideAsync(client, id, ReviewClient.Deny(reason: null));

        var outcome = await FhirAssert.OperationOutcome(refused, HttpStatusCode.BadRequest);
        Assert.Contains("items[0].reason", FhirAssert.Expressions(outcome));
        Assert.Single(await ReviewClient.ListAsync(client));
        Assert.Equal(new[] { "A4" }, PasClient.ActionCodes(PasClient.ClaimResponse(Assert.Single(await InquireAsync(client)))));
        Assert.Empty(notifier.Changes);
    }

    [Fact]
    public async Task Only_pended_lines_can_be_decided()
    {
        await using var server = ReviewClient.Server(new SettableClock(ReviewClient.Submitted));
        var client = server.CreateClient();
        var id = (string)(await ReviewClient.PendAsync(client, PasRequests.LutatheraUndocumented().Build()))["id"]!;

        var refused = await ReviewClient.DecideAsync(client, id, ReviewClient.Approve(sequence: 2));

        await FhirAssert.OperationOutcome(refused, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_unknown_task_is_not_found()
    {
        await using var server = ReviewClient.Server(new SettableClock(ReviewClient.Submitted));

        var response = await server.CreateClient().GetAsync("/review/tasks/no-such-task", Ct);

        await FhirAssert.OperationOutcome(response, HttpStatusCode.NotFound);
    }

    private static async Task<IReadOnlyList<JsonObject>> InquireAsync(HttpClient client)
    {
        var response = await client.SendAsync(FhirRequests.Post(Inquire, PasRequests.LutatheraUndocumented().Build().ToJsonString()), Ct);
        var parameters = await ReviewClient.ReadAsync(response, HttpStatusCode.OK);
        return [.. parameters["parameter"]!.AsArray().Select(p => p!["resource"]!.AsObject())];
    }
}
