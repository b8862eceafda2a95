using FhirPriorAuth.Server.Tests.Subscriptions;

namespace FhirPriorAuth.Server.Tests.EndToEnd;

/// <summary>
/// Issue 5's end-to-end workflow with authentication on and real SMART clients, on SQLite: approve, modify and deny on
/// submission; pend, human review, a notification to a real HTTP listener, and the final state in $inquire.
/// </summary>
public sealed class PasWorkflowTests
{
    [Fact]
    public async Task A_request_that_meets_the_policy_is_approved_and_inquire_returns_it()
    {
        await using var payer = PayerServer.OnSqlite();

        await PasStories.ApprovedOnSubmissionAsync(payer);
    }

    [Fact]
    public async Task A_request_beyond_the_dose_limit_is_modified_to_what_the_policy_allows()
    {
        await using var payer = PayerServer.OnSqlite();

        await PasStories.ModifiedOnSubmissionAsync(payer);
    }

    [Fact]
    public async Task A_request_the_policy_excludes_is_denied_citing_the_policy()
    {
        await using var payer = PayerServer.OnSqlite();

        await PasStories.DeniedOnSubmissionAsync(payer);
    }

    [Fact]
    public async Task A_pended_request_is_reviewed_the_subscriber_is_notified_and_inquire_shows_the_decision()
    {
        await using var listener = await NotificationListener.StartAsync();
        await using var payer = PayerServer.OnSqlite();

        await PasStories.PendedReviewedNotifiedAndInquiredAsync(payer, listener);
    }

    [Fact]
    public async Task A_PAS_2_0_1_client_is_notified_by_id_and_inquires_for_the_reviewed_answer()
    {
        await using var listener = await NotificationListener.StartAsync();
        await using var payer = PayerServer.OnSqlite();

        await PasStories.Pas201PendedReviewedNotifiedAndInquiredAsync(payer, listener);
    }
}
