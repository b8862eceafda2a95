using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Pas.Notifications;
using FhirPriorAuth.Server.Storage;

namespace FhirPriorAuth.Server.Subscriptions;

/// <summary>
/// Writes an event to the outbox for each active subscription of the system that submitted the changed request
/// whose <c>org-identifier</c> filter, if it has one, names an organization the request came from
/// (<see cref="ClaimOrganizations"/>), in the caller's transaction: the change and its notifications commit (or roll back) together.
/// Event numbers come from a per-subscription counter whose stored version is the count: updating it takes the
/// row lock, so concurrent changes get distinct, increasing numbers on SQLite and PostgreSQL alike.
/// </summary>
internal sealed class SubscriptionNotifier(OutboxSignal signal) : IClaimResponseNotifier
{
    // Only the system that submitted a request hears about it (PAS 2.2.1 spec-58/59): the owner check comes first.
    // A system sending for several organizations (or an intermediary) narrows with org-identifier; no filter: all of its requests.
    private const int MaxSubscriptionsPerSystem = 1000;

    public async Task ClaimResponseChangedAsync(IResourceOperations operations, ClaimResponseChange change, CancellationToken cancellationToken)
    {
        var subscriptions = await operations.SearchAsync(SubscriptionRecord.ResourceType,
            SubscriptionRecord.ActiveOf(change.Submitter), MaxSubscriptionsPerSystem, cancellationToken);
        HashSet<string>? organizations = null;
        foreach (var stored in subscriptions)
        {
            var subscription = SubscriptionRecord.From(stored);
            // Before the counter: a change the filter leaves out takes no event number.
            if (subscription.FilterValues is { Count: > 0 } wanted)
            {
                organizations ??= await ClaimOrganizations.OfAsync(operations, change, cancellationToken);
                if (!wanted.Any(organizations.Contains))
                    continue;
            }
            // Never fail the caller's change over a notification: a subscription without its counter is skipped.
            if (await EventCounter.NextAsync(operations, subscription.CounterId, cancellationToken) is not { } eventNumber)
                continue;
            var entry = OutboxEntry.NewEvent(stored.Id, eventNumber, change.At, change.ResponseId, (JsonObject)change.ResponseBundle.DeepClone());
            await operations.CreateAsync(SubscriptionCodes.OutboxType, entry.ToJson(), entry.Tokens(), cancellationToken);
        }
        if (subscriptions.Count > 0)
            signal.WakeSoon();
    }
}

/// <summary>Events since a subscription started: the counter record's version minus one (it is created at version 1, count 0).</summary>
internal static class EventCounter
{
    private const string Body = $$"""{"resourceType":"{{SubscriptionCodes.EventCounterType}}"}""";

    public static async Task<string> CreateAsync(IResourceOperations operations, CancellationToken cancellationToken) =>
        (await operations.CreateAsync(SubscriptionCodes.EventCounterType, Body, [], cancellationToken)).Id;

    /// <returns>The next event number, or null when the counter does not exist.</returns>
    public static async Task<long?> NextAsync(IResourceOperations operations, string counterId, CancellationToken cancellationToken)
    {
        var updated = await operations.UpdateAsync(SubscriptionCodes.EventCounterType, counterId, Body, [], null, cancellationToken);
        return updated.Status == UpdateStatus.Updated ? updated.Resource!.VersionId - 1 : null;
    }

    public static async Task<long> CountAsync(IResourceOperations operations, string counterId, CancellationToken cancellationToken) =>
        (await operations.ReadAsync(SubscriptionCodes.EventCounterType, counterId, cancellationToken))?.VersionId - 1 ?? 0;
}
