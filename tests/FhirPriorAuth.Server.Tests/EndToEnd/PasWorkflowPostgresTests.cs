using FhirPriorAuth.Server.Tests.Subscriptions;

namespace FhirPriorAuth.Server.Tests.EndToEnd;

/// <summary>
/// The same workflow on PostgreSQL (a fresh schema per test; needs <c>FPA_TEST_POSTGRES</c>: skipped without it
/// locally, failed without it in CI).
/// </summary>
public sealed class PasWorkflowPostgresTests
{
    [Fact]
    public async Task On_PostgreSQL_a_request_that_meets_the_policy_is_approved_and_inquire_returns_it()
    {
        await using var payer = await PayerServer.OnPostgresAsync();

        await PasStories.ApprovedOnSubmissionAsync(payer);
    }

    [Fact]
    public async Task On_PostgreSQL_a_request_the_policy_excludes_is_denied_citing_the_policy()
    {
        await using var payer = await PayerServer.OnPostgresAsync();

        await PasStories.DeniedOnSubmissionAsync(payer);
    }

    [Fact]
    public async Task On_PostgreSQL_a_pended_request_is_reviewed_the_subscriber_is_notified_and_inquire_shows_the_decision()
    {
        await using var listener = await NotificationListener.StartAsync();
        await using var payer = await PayerServer.OnPostgresAsync();

        await PasStories.PendedReviewedNotifiedAndInquiredAsync(payer, listener);
    }

    [Fact]
    public async Task On_PostgreSQL_a_restart_between_submission_and_review_loses_nothing()
    {
        await using var listener = await NotificationListener.StartAsync();
        await using var payer = await PayerServer.OnPostgresAsync();

        await PasStories.PendedReviewedNotifiedAndInquiredAsync(payer, listener, restart: true);
    }
}
