using System.Net;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Tests.Crd.Responses;
using FhirPriorAuth.Server.Tests.EndToEnd;
using FhirPriorAuth.Server.Tests.Pas;
using FhirPriorAuth.Server.Tests.Pas.Review;
using FhirPriorAuth.Server.Tests.Subscriptions;
using static FhirPriorAuth.Server.Tests.Crd.Retention.CrdExchanges;
using static FhirPriorAuth.Server.Tests.Durability.CrashRequests;

namespace FhirPriorAuth.Server.Tests.Durability;

/// <summary>
/// Durability as the README promises it, tested the hard way: the real server as its own process answers a 2xx, is
/// killed with SIGKILL at once, and a new process on the same database must find what that answer said. Only HTTP is
/// used on either side of the kill, so this holds whatever the write path does inside (batching, background writers).
/// </summary>
public abstract class KillAfterAnswerTests<TServer>(TServer crashed) where TServer : CrashedServer
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Given_ADecidedSubmission_When_TheServerIsKilledRightAfterAnswering_Then_InquireAndAResendFindTheSameAnswer()
    {
        var server = await crashed.ServerAsync();
        var request = PasRequests.LutatheraQualifying().Build().ForMember(NewMember());
        var answered = await SubmitAsync(server, request);
        Assert.Equal(["A1"], PasClient.ActionCodes(answered));

        await server.KillAndRestartAsync();

        var inquired = await InquireOneAsync(server, request);
        var resent = await SubmitAsync(server, request);
        Assert.Equal(PasStories.AuthorizationNumber(answered), PasStories.AuthorizationNumber(inquired));
        Assert.Equal(["A1"], PasClient.ActionCodes(inquired));
        Assert.Equal((string?)answered["id"], (string?)resent["id"]);
        Assert.Equal(PasStories.AuthorizationNumber(answered), PasStories.AuthorizationNumber(resent));
    }

    [Fact]
    public async Task Given_AnUpdateThatCertifiesAPendedLineAndACancellation_When_TheServerIsKilledRightAfterAnswering_Then_InquireAndAResendFindTheUpdatedAnswers()
    {
        var server = await crashed.ServerAsync();
        var member = NewMember();
        var pended = await SubmitAsync(server, PasRequests.LutatheraUndocumented().Build().ForMember(member));
        Assert.Equal(["A4"], PasClient.ActionCodes(pended));
        var number = PasStories.AuthorizationNumber(pended);
        var update = PasRequests.LutatheraQualifying().Build().ForMember(member).UpdateOf(number).Changed(1);
        var withdrawn = NewMember();
        var approved = await SubmitAsync(server, PasRequests.LutatheraQualifying().Build().ForMember(withdrawn));
        var cancellation = PasRequests.LutatheraQualifying().Build().ForMember(withdrawn).UpdateOf(PasStories.AuthorizationNumber(approved)).CancelWholeRequest();
        Assert.Equal(["C"], PasClient.ActionCodes(await SubmitAsync(server, cancellation)));
        var updated = await SubmitAsync(server, update);
        Assert.Equal(["A1"], PasClient.ActionCodes(updated));

        await server.KillAndRestartAsync();

        var inquired = await InquireOneAsync(server, update);
        var resent = await SubmitAsync(server, update);
        Assert.Equal(number, PasStories.AuthorizationNumber(inquired));
        Assert.Equal(["A1"], PasClient.ActionCodes(inquired));
        Assert.Equal(number, PasStories.AuthorizationNumber(resent));
        Assert.Equal(["A1"], PasClient.ActionCodes(resent));
        var cancelled = await InquireOneAsync(server, PasRequests.LutatheraQualifying().Build().ForMember(withdrawn));
        Assert.Equal(PasStories.AuthorizationNumber(approved), PasStories.AuthorizationNumber(cancelled));
        Assert.Equal(["C"], PasClient.ActionCodes(cancelled));
    }

    [Fact]
    public async Task Given_AReviewersDecision_When_TheServerIsKilledRightAfterAnswering_Then_TheTaskIsClosedAndInquireGivesTheReviewedAnswer()
    {
        var server = await crashed.ServerAsync();
        var request = PasRequests.LutatheraUndocumented().Build().ForMember(NewMember());
        var number = PasStories.AuthorizationNumber(await SubmitAsync(server, request));
        var taskId = await OpenTaskAsync(server, number);
        var decided = await ApproveAsync(server, taskId, "Chart review: SSTR-positive PET documented.");
        Assert.Equal("completed", (string?)decided["task"]!["status"]);

        await server.KillAndRestartAsync();

        var inquired = await InquireOneAsync(server, request);
        Assert.Equal(["A1"], PasClient.ActionCodes(inquired));
        Assert.True(PasStories.HumanReviewed(inquired));
        Assert.Contains("Chart review: SSTR-positive PET documented.", PasClient.Notes(inquired));
        Assert.DoesNotContain(await ReviewClient.ListAsync(server.Http), t => (string?)t!["id"] == taskId);
        Assert.Equal("completed", (string?)(await ReviewClient.GetAsync(server.Http, taskId))["task"]!["status"]);
    }

    [Fact]
    public async Task Given_ANotificationTheSubscriberHasNotYetAccepted_When_TheServerIsKilled_Then_TheRestartedServerDeliversIt()
    {
        var server = await crashed.ServerAsync();
        var listener = crashed.Listener;
        var subscription = await SubscriptionClient.CreateAsync(server.Http, SubscriptionClient.Subscription(listener.Endpoint));
        await SubscriptionClient.WaitForStatusAsync(server.Http, (string)subscription["id"]!, "active");
        var request = PasRequests.LutatheraUndocumented().Build().ForMember(NewMember());
        var number = PasStories.AuthorizationNumber(await SubmitAsync(server, request));
        // The subscriber's endpoint fails from now on: the reviewer's decision is answered, its notification is not delivered.
        listener.Down = true;
        await ApproveAsync(server, await OpenTaskAsync(server, number), "Chart review: documentation received by fax.");

        await server.KillAndRestartAsync(); // the killed process can no longer send; what it tried is forgotten
        listener.Drain();
        listener.Down = false;

        var delivered = await NotificationAboutAsync(listener, number);
        Assert.Equal(["A1"], PasClient.ActionCodes(delivered));
        Assert.True(PasStories.HumanReviewed(delivered));
    }

    [Fact]
    public async Task Given_AKeptCrdCallAndFeedbackOnItsCard_When_TheServerIsKilledRightAfterEachIsShown_Then_AReviewerFindsBoth()
    {
        var server = await crashed.ServerAsync();
        var call = CrdCalls.WellmarkLutathera().BuildCrdRequest();
        call["hookInstance"] = Guid.NewGuid().ToString();
        var answer = await AnswerAsync(server.Http, call);
        // A kept call is written without the answer waiting for it (README: a crash may lose the last few milliseconds
        // of kept calls); once the log has shown it, it is committed and must survive the kill.
        Assert.Contains(await InvocationsAsync(server, AssertionId(answer)), i => (string?)i["request"]!["hookInstance"] == (string?)call["hookInstance"]);

        await server.KillAndRestartAsync();

        var invocation = Assert.Single(await InvocationsAsync(server, AssertionId(answer)), i => (string?)i["request"]!["hookInstance"] == (string?)call["hookInstance"]);
        Assert.True(JsonNode.DeepEquals(answer, invocation["response"]), "the kept answer is not the answer the EHR got");

        var card = (string)answer["cards"]![0]!["uuid"]!;
        var feedback = await FeedbackAsync(server.Http, Feedback(card).ToJsonString());
        Assert.Equal(HttpStatusCode.OK, feedback.StatusCode);

        await server.KillAndRestartAsync();

        var kept = await KeptAsync(server, AssertionId(answer));
        Assert.Contains(kept["feedback"]!.AsArray(), f => (string?)f!["request"]!["feedback"]![0]!["card"] == card);
    }

    private static async Task<JsonObject> KeptAsync(Infrastructure.KillableServer server, string assertionId)
    {
        var response = await ReviewAsync(server.Http, assertionId);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/review/crd: {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private static async Task<List<JsonObject>> InvocationsAsync(Infrastructure.KillableServer server, string assertionId) =>
        [.. (await KeptAsync(server, assertionId))["invocations"]!.AsArray().Select(i => i!.AsObject())];

    /// <summary>The next event notification about the authorization number's answer (others, e.g. earlier tests', are skipped).</summary>
    private static async Task<JsonObject> NotificationAboutAsync(NotificationListener listener, string number)
    {
        while (true)
        {
            var notification = await listener.NextOfTypeAsync("event-notification");
            var claimResponse = PasStories.NotifiedClaimResponse(notification);
            if ((string?)claimResponse["preAuthRef"] == number && PasClient.ActionCodes(claimResponse).SequenceEqual(["A1"]))
                return claimResponse;
        }
    }
}

/// <summary>On SQLite (WAL, <c>synchronous=FULL</c>).</summary>
public sealed class KillAfterAnswerSqliteTests(CrashedSqliteServer crashed)
    : KillAfterAnswerTests<CrashedSqliteServer>(crashed), IClassFixture<CrashedSqliteServer>;

/// <summary>On PostgreSQL.</summary>
public sealed class KillAfterAnswerPostgresTests(CrashedPostgresServer crashed)
    : KillAfterAnswerTests<CrashedPostgresServer>(crashed), IClassFixture<CrashedPostgresServer>;
