using FhirPriorAuth.Server.Tests.Subscriptions;

namespace FhirPriorAuth.Server.Tests.EndToEnd;

/// <summary>
/// A restart between submission and inquiry loses nothing: the pended request, its review task, the subscription and
/// the EHR's access token (the signing key is in storage) are all there for the new server, which notifies and answers.
/// </summary>
public sealed class RestartTests
{
    [Fact]
    public async Task A_restart_between_submission_and_review_loses_nothing()
    {
        await using var listener = await NotificationListener.StartAsync();
        await using var payer = PayerServer.OnSqlite();

        await PasStories.PendedReviewedNotifiedAndInquiredAsync(payer, listener, restart: true);
    }
}
