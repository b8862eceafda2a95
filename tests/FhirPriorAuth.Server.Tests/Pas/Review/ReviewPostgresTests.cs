using System.Net;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Server.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace FhirPriorAuth.Server.Tests.Pas.Review;

/// <summary>
/// The pend, review and audit flow on PostgreSQL (a fresh schema; needs <c>FPA_TEST_POSTGRES</c>, skipped without it
/// locally, failed without it in CI).
/// </summary>
public sealed class ReviewPostgresTests
{
    [Fact]
    public async Task A_pended_request_is_decided_once_and_audited_on_PostgreSQL()
    {
        await using var target = await PostgresTarget.CreateAsync(TestContext.Current.CancellationToken);
        var notifier = new RecordingNotifier();
        await using var server = new FhirServerFactory(new Dictionary<string, string?>
        {
            ["Auth:Enabled"] = "false",
            ["Storage:Provider"] = "postgres",
            ["Storage:ConnectionString"] = target.ConnectionString,
        }, services =>
        {
            services.AddSingleton<TimeProvider>(new SettableClock(ReviewClient.Submitted));
            services.AddSingleton<Server.Pas.Notifications.IClaimResponseNotifier>(notifier);
        });
        var client = server.CreateClient();
        var task = await ReviewClient.PendAsync(client, PasRequests.LutatheraUndocumented().Build());
        var id = (string)task["id"]!;

        await ReviewClient.ReadAsync(await ReviewClient.DecideAsync(client, id, ReviewClient.Approve()), HttpStatusCode.OK);
        var second = await ReviewClient.DecideAsync(client, id, ReviewClient.Deny());

        await FhirAssert.OperationOutcome(second, HttpStatusCode.Conflict);
        Assert.Single(notifier.Changes);
        Assert.Single(await ReviewClient.ListAsync(client, "completed"));
        var audits = await ReviewClient.StoredAsync(server, "AuditEvent");
        Assert.Contains(audits, a => (string?)a["subtype"]![0]!["code"] == "review-decision" && (string?)a["outcome"] == "4");
        Assert.Contains(audits, a => (string?)a["subtype"]![0]!["code"] == "review-decision" && (string?)a["outcome"] == "0");
    }

    [Fact]
    public async Task Two_reviewers_opening_a_task_at_once_see_it_taken_by_one_of_them_on_PostgreSQL()
    {
        await using var target = await PostgresTarget.CreateAsync(TestContext.Current.CancellationToken);

        await ReviewOpenTests.TwoReviewersOpenAtOnceAsync(new()
        {
            ["Storage:Provider"] = "postgres",
            ["Storage:ConnectionString"] = target.ConnectionString,
        });
    }
}
