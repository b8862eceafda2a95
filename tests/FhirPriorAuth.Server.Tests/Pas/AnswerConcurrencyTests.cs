using System.Net;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Storage;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Server.Tests.Pas.Review;
using FhirPriorAuth.Server.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace FhirPriorAuth.Server.Tests.Pas;

/// <summary>
/// A claim update and a reviewer's decision both replace the stored answer; each writes only over the version it read,
/// so neither silently overwrites the other. The race is made deterministic by serving a stale answer to one read.
/// </summary>
public sealed class AnswerConcurrencyTests
{
    private const string DenialReason = "The tumour is not SSTR-positive on the imaging provided.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_update_that_read_the_answer_before_a_reviewer_decision_is_decided_again_on_that_decision()
    {
        var stale = new StaleAnswerReads();
        await using var server = Server(stale);
        var client = server.CreateClient();
        var number = await DecidedTwoLineRequestAsync(client);

        stale.Next(1);
        var update = PasRequests.LutatheraQualifying().Build().WithLine(2).UpdateOf(number).Changed(1);
        var updated = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, update));

        // Line 2 keeps the reviewer's denial; an answer built on the stale copy would have put it back to pended (A4).
        Assert.Equal(["A1", "A3"], PasClient.ActionCodes(updated));
        Assert.Equal(["A1", "A3"], PasClient.ActionCodes(await StoredAnswerAsync(server, number)));
    }

    [Fact]
    public async Task An_update_that_keeps_losing_the_race_gets_409_conflict_and_the_reviewer_decision_stands()
    {
        var stale = new StaleAnswerReads();
        await using var server = Server(stale);
        var client = server.CreateClient();
        var number = await DecidedTwoLineRequestAsync(client);

        stale.Next(2);
        var response = await PasClient.PostAsync(client, PasRequests.LutatheraQualifying().Build().WithLine(2).UpdateOf(number).Changed(1));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var outcome = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("OperationOutcome", (string?)outcome["resourceType"]);
        Assert.Equal("conflict", (string?)outcome["issue"]![0]!["code"]);
        Assert.Equal(["A1", "A3"], PasClient.ActionCodes(await StoredAnswerAsync(server, number)));
    }

    [Fact]
    public async Task A_decision_on_an_answer_an_update_replaced_meanwhile_is_refused_and_the_task_stays_open()
    {
        var stale = new StaleAnswerReads();
        await using var server = Server(stale);
        var client = server.CreateClient();
        var task = await ReviewClient.PendAsync(client, PasRequests.LutatheraUndocumented().Build());
        var number = (string)task["authorizationNumber"]!;
        var id = (string)task["id"]!;
        // The submitter's update (still undocumented, so still pended) replaces the answer.
        await PasClient.SubmitAsync(client, PasRequests.LutatheraUndocumented().Build().UpdateOf(number).Changed(1));

        stale.Next(1);
        var refused = await ReviewClient.DecideAsync(client, id, ReviewClient.Deny(1, DenialReason));

        var outcome = await ReviewClient.ReadAsync(refused, HttpStatusCode.Conflict);
        Assert.Equal("conflict", (string?)outcome["issue"]![0]!["code"]);
        Assert.Contains(await ReviewClient.ListAsync(client), t => (string?)t!["id"] == id);
        Assert.Equal(["A4"], PasClient.ActionCodes(await StoredAnswerAsync(server, number)));

        // Opened again, the decision goes through.
        await ReviewClient.ReadAsync(await ReviewClient.DecideAsync(client, id, ReviewClient.Deny(1, DenialReason)), HttpStatusCode.OK);
        Assert.Equal(["A3"], PasClient.ActionCodes(await StoredAnswerAsync(server, number)));
    }

    [Fact]
    public async Task On_PostgreSQL_a_decision_committed_while_an_update_is_being_decided_is_kept()
    {
        await using var target = await PostgresTarget.CreateAsync(Ct);
        var race = new WriterAfterAnswerRead();
        await using var server = new FhirServerFactory(new Dictionary<string, string?>
        {
            ["Auth:Enabled"] = "false",
            ["Storage:Provider"] = "postgres",
            ["Storage:ConnectionString"] = target.ConnectionString,
        }, services =>
        {
            services.AddSingleton<TimeProvider>(new SettableClock(ReviewClient.Submitted));
            services.InterceptStore(race.Operations);
        });
        var client = server.CreateClient();
        var answer = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, PasRequests.LutatheraUndocumented().Build().WithLine(2)));
        var number = (string)answer["preAuthRef"]!;
        var task = Assert.Single(await ReviewClient.ListAsync(client), t => (string?)t!["authorizationNumber"] == number)!;

        // The reviewer's decision commits after the update has read the answer and before it writes its own.
        race.Next(async () => await ReviewClient.ReadAsync(
            await ReviewClient.DecideAsync(client, (string)task["id"]!, ApproveOneDenyTwo()), HttpStatusCode.OK));
        var updated = PasClient.ClaimResponse(await PasClient.SubmitAsync(client,
            PasRequests.LutatheraQualifying().Build().WithLine(2).UpdateOf(number).Changed(1)));

        Assert.Equal(["A1", "A3"], PasClient.ActionCodes(updated));
        Assert.Equal(["A1", "A3"], PasClient.ActionCodes(await StoredAnswerAsync(server, number)));
    }

    private static FhirServerFactory Server(StaleAnswerReads stale) =>
        new(new Dictionary<string, string?> { ["Auth:Enabled"] = "false" }, services =>
        {
            services.AddSingleton<TimeProvider>(new SettableClock(ReviewClient.Submitted));
            services.InterceptStore(stale.Operations);
        });

    // Two pended lines; the reviewer approves line 1 and denies line 2.
    private static async Task<string> DecidedTwoLineRequestAsync(HttpClient client)
    {
        var answer = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, PasRequests.LutatheraUndocumented().Build().WithLine(2)));
        Assert.Equal(["A4", "A4"], PasClient.ActionCodes(answer));
        var number = (string)answer["preAuthRef"]!;
        var task = Assert.Single(await ReviewClient.ListAsync(client), t => (string?)t!["authorizationNumber"] == number)!;
        await ReviewClient.ReadAsync(await ReviewClient.DecideAsync(client, (string)task["id"]!, ApproveOneDenyTwo()), HttpStatusCode.OK);
        return number;
    }

    private static object ApproveOneDenyTwo() => new
    {
        items = new object[] { new { sequence = 1, action = "approve" }, new { sequence = 2, action = "deny", reason = DenialReason } },
        reviewer = new { npi = "1982345670" },
    };

    private static async Task<JsonObject> StoredAnswerAsync(FhirServerFactory server, string number)
    {
        var stored = await ReviewClient.StoredAsync(server, "Bundle",
            new TokenCriterion("authorization-number", ClaimUpdates.AuthorizationNumberSystem, number));
        return PasClient.ClaimResponse(Assert.Single(stored, b => (string?)b["entry"]![0]!["resource"]!["resourceType"] == "ClaimResponse"));
    }
}
