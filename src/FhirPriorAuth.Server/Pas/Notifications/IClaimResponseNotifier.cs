using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Storage;

namespace FhirPriorAuth.Server.Pas.Notifications;

/// <summary>
/// A stored PAS response changed after it was first answered (a reviewer decided a pended item, an update or a
/// cancellation changed it): subscribers of the submitting system are to be told.
/// </summary>
/// <param name="ResponseId">The stored response Bundle's id (resource type <see cref="SubmissionKeys.ResponseType"/>).</param>
/// <param name="ResponseBundle">The PAS Response Bundle as now stored (ClaimResponse first).</param>
/// <param name="Submitter">The authenticated system (client id) that submitted the request.</param>
public sealed record ClaimResponseChange(string ResponseId, JsonObject ResponseBundle, string Submitter, string AuthorizationNumber, DateTimeOffset At);

/// <summary>
/// Records notifications for a change inside the transaction that made it, so a change and its notifications are
/// committed together (a durable outbox); delivery happens later, outside the request.
/// </summary>
public interface IClaimResponseNotifier
{
    Task ClaimResponseChangedAsync(IResourceOperations operations, ClaimResponseChange change, CancellationToken cancellationToken);
}

/// <summary>Used until subscriptions are registered: nobody to tell.</summary>
internal sealed class NoClaimResponseNotifier : IClaimResponseNotifier
{
    public Task ClaimResponseChangedAsync(IResourceOperations operations, ClaimResponseChange change, CancellationToken cancellationToken) =>
        Task.CompletedTask;
}
