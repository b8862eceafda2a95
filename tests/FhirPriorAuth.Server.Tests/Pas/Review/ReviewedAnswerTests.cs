using System.Net;
using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Decisions;
using FhirPriorAuth.Server.Pas;
using FhirPriorAuth.Server.Pas.Review;
using FhirPriorAuth.Server.Tests.Infrastructure;

namespace FhirPriorAuth.Server.Tests.Pas.Review;

/// <summary>
/// What the submitter reads after a review: the period authorized (the policy's unless the reviewer set one) and an
/// answer that states the reviewed outcome, not the automated pend it replaced.
/// </summary>
public sealed class ReviewedAnswerTests
{
    private const string Period = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-itemPreAuthPeriod";
    private const string Reason = "Chart review: SSTR-positive PET and adequate organ function documented.";

    [Fact]
    public async Task An_approval_without_a_period_gets_the_policys_period_like_an_automated_approval()
    {
        await using var automated = ReviewClient.Server(new SettableClock(ReviewClient.Submitted));
        var approvedAtOnce = PasClient.ClaimResponse(await PasClient.SubmitAsync(automated.CreateClient(), PasRequests.LutatheraQualifying().Build()));
        await using var server = ReviewClient.Server(new SettableClock(ReviewClient.Submitted));
        var client = server.CreateClient();
        var summary = await ReviewClient.PendAsync(client, PasRequests.LutatheraUndocumented().Build());

        var decided = await ReviewClient.ReadAsync(await ReviewClient.DecideAsync(client, (string)summary["id"]!,
            ReviewClient.Approve(reason: Reason)), HttpStatusCode.OK);

        var answer = PasClient.ClaimResponse(decided["response"]!.AsObject());
        Assert.Equal(("2026-03-02", "2026-11-01"), PreAuthPeriod(answer));
        Assert.Equal(PreAuthPeriod(approvedAtOnce), PreAuthPeriod(answer));
        Assert.Equal([Reason, "Authorized 2026-03-02 to 2026-11-01 (8 mo for any line of business)."], PasClient.Notes(answer));
        Assert.Equal([1, 2], answer["item"]![0]!["noteNumber"]!.AsArray().Select(n => (int)n!));
    }

    [Fact]
    public async Task A_period_the_reviewer_sets_wins_over_the_policys()
    {
        await using var server = ReviewClient.Server(new SettableClock(ReviewClient.Submitted));
        var client = server.CreateClient();
        var summary = await ReviewClient.PendAsync(client, PasRequests.LutatheraUndocumented().Build());

        var decided = await ReviewClient.ReadAsync(await ReviewClient.DecideAsync(client, (string)summary["id"]!, new
        {
            items = new[] { new { sequence = 1, action = "approve", reason = Reason, period = new { start = "2026-03-02", end = "2026-05-01" } } },
            reviewer = new { npi = "1982345670" },
        }), HttpStatusCode.OK);

        var answer = PasClient.ClaimResponse(decided["response"]!.AsObject());
        Assert.Equal(("2026-03-02", "2026-05-01"), PreAuthPeriod(answer));
        Assert.Contains("Authorized 2026-03-02 to 2026-05-01 (the period set by the reviewer).", PasClient.Notes(answer));
    }

    [Fact]
    public async Task A_reviewed_answer_no_longer_carries_the_automated_pends_notes()
    {
        await using var server = ReviewClient.Server(new SettableClock(ReviewClient.Submitted));
        var client = server.CreateClient();
        var pended = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, PasRequests.LutatheraUndocumented().Build()));
        Assert.Contains(PasClient.Notes(pended), n => n.StartsWith("Pended — ", StringComparison.Ordinal));
        var id = (string)Assert.Single(await ReviewClient.ListAsync(client))!["id"]!;

        var decided = await ReviewClient.ReadAsync(await ReviewClient.DecideAsync(client, id, ReviewClient.Deny()), HttpStatusCode.OK);

        var answer = PasClient.ClaimResponse(decided["response"]!.AsObject());
        Assert.Equal(["The tumour is not SSTR-positive on the imaging provided."], PasClient.Notes(answer));
        Assert.Equal([1], answer["item"]![0]!["noteNumber"]!.AsArray().Select(n => (int)n!));
        Assert.Null(answer["item"]![0]!["extension"]!.AsArray().FirstOrDefault(e => (string?)e!["url"] == Period));
    }

    [Fact]
    public void Notes_another_line_still_cites_stay_and_the_disposition_states_the_reviewed_outcome()
    {
        var bundle = Answer(
            Line(1, ActionCode.Pended, 1, 2),
            Line(2, ActionCode.NoActionRequired, 3),
            ["Pended — Indication 1 cannot be decided without more documentation.", "Unknown — SSTR imaging not documented.",
             ItemDecision.NotRequired]);
        var claim = new JsonObject { ["item"] = new JsonArray(new JsonObject { ["sequence"] = 1, ["servicedDate"] = "2026-03-02" }) };
        var decision = new ReviewDecision([new ReviewedItem(1, ActionCode.Certified, Reason, null, null, null)], new Reviewer(null, null));

        ReviewActions.Apply(bundle, claim, decision, ReviewClient.Submitted, policyPeriod: null);

        var answer = PasClient.ClaimResponse(bundle);
        Assert.Equal([ItemDecision.NotRequired, Reason,
            "Authorized 2026-03-02 to 2026-03-02 (the requested service dates: the policy states no approval duration for this request)."],
            PasClient.Notes(answer));
        Assert.Equal([2, 3], answer["item"]![0]!["noteNumber"]!.AsArray().Select(n => (int)n!));
        Assert.Equal([1], answer["item"]![1]!["noteNumber"]!.AsArray().Select(n => (int)n!));
        Assert.Equal("After clinical review: line 1 certified in total; line 2 no action required.", (string?)answer["disposition"]);
    }

    [Fact]
    public void The_policys_period_is_used_for_what_a_modification_authorizes_instead()
    {
        var bundle = Answer(Line(1, ActionCode.Pended, 1), null, ["Pended — Indication 1 cannot be decided without more documentation."]);
        var decision = new ReviewDecision([new ReviewedItem(1, ActionCode.Modified, "Two doses now.", 2, "doses", null)], new Reviewer(null, null));
        var policy = new PolicyPeriod(new DateOnly(2026, 3, 2), new DateOnly(2026, 11, 1), "Authorized 2026-03-02 to 2026-11-01 (8 mo for any line of business).");

        ReviewActions.Apply(bundle, null, decision, ReviewClient.Submitted, policy);

        var answer = PasClient.ClaimResponse(bundle);
        Assert.Equal(("2026-03-02", "2026-11-01"), PreAuthPeriodOf(answer["addItem"]![0]!.AsObject()));
        Assert.Equal(["Two doses now.", policy.Text], PasClient.Notes(answer));
        Assert.Null(answer["disposition"]);
    }

    private static (string?, string?) PreAuthPeriod(JsonObject claimResponse) =>
        PreAuthPeriodOf(claimResponse["item"]![0]!.AsObject());

    private static (string?, string?) PreAuthPeriodOf(JsonObject line)
    {
        var period = line["extension"]!.AsArray().Single(e => (string?)e!["url"] == Period)!["valuePeriod"]!;
        return ((string?)period["start"], (string?)period["end"]);
    }

    private static JsonObject Line(int sequence, ActionCode action, params int[] notes) => new()
    {
        ["itemSequence"] = sequence,
        ["noteNumber"] = new JsonArray([.. notes.Select(n => (JsonNode)n)]),
        ["adjudication"] = new JsonArray(new JsonObject
        {
            ["extension"] = new JsonArray(new JsonObject
            {
                ["url"] = PasCodes.ReviewAction,
                ["extension"] = new JsonArray(new JsonObject
                {
                    ["url"] = PasCodes.ReviewActionCode,
                    ["valueCodeableConcept"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["code"] = action.Code }) },
                }),
            }),
        }),
    };

    private static JsonObject Answer(JsonObject first, JsonObject? second, string[] notes)
    {
        var response = new JsonObject
        {
            ["resourceType"] = "ClaimResponse",
            ["outcome"] = "complete",
            ["preAuthRef"] = "PA-1",
            ["item"] = second is null ? new JsonArray(first) : new JsonArray(first, second),
            ["processNote"] = new JsonArray([.. notes.Select((t, i) => (JsonNode)new JsonObject { ["number"] = i + 1, ["type"] = "display", ["text"] = t })]),
        };
        if (second is not null)
            response["disposition"] = "Pended for review.";
        return new JsonObject { ["resourceType"] = "Bundle", ["entry"] = new JsonArray(new JsonObject { ["resource"] = response }) };
    }
}
