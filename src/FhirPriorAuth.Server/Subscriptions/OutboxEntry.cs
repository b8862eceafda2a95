using System.Globalization;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Storage;

namespace FhirPriorAuth.Server.Subscriptions;

/// <summary>
/// One notification to deliver, written in the transaction that caused it (the durable outbox) and marked
/// delivered only after the subscriber answered 2xx. An event keeps its number across retries and restarts.
/// </summary>
/// <param name="Type">handshake or event-notification.</param>
/// <param name="EventNumber">0 for a handshake.</param>
/// <param name="Response">The PAS Response Bundle as it was at the change (events only).</param>
internal sealed record OutboxEntry(
    string SubscriptionId,
    string Type,
    long EventNumber,
    DateTimeOffset At,
    string? ResponseId,
    JsonObject? Response,
    int Attempts,
    DateTimeOffset NextAttempt,
    string State)
{
    public const string Handshake = "handshake";
    public const string EventNotification = "event-notification";
    /// <summary>Never stored: heartbeats are sent directly, once (a missed one is replaced by the next).</summary>
    public const string Heartbeat = "heartbeat";

    public const string Pending = "pending";
    public const string Delivered = "delivered";
    /// <summary>Given up: attempts exhausted, or the subscription was deleted or stopped.</summary>
    public const string Abandoned = "abandoned";

    public static IReadOnlyCollection<TokenCriterion> PendingCriteria { get; } = [new("outbox-state", null, Pending)];

    public static IReadOnlyCollection<TokenCriterion> PendingOf(string subscriptionId) =>
        [new("outbox-state", null, Pending), new("subscription", null, subscriptionId)];

    public static OutboxEntry NewHeartbeat(string subscriptionId, DateTimeOffset at) =>
        new(subscriptionId, Heartbeat, 0, at, null, null, 0, at, Pending);

    public static OutboxEntry NewHandshake(string subscriptionId, DateTimeOffset at) =>
        new(subscriptionId, Handshake, 0, at, null, null, 0, at, Pending);

    public static OutboxEntry NewEvent(string subscriptionId, long eventNumber, DateTimeOffset at, string responseId, JsonObject response) =>
        new(subscriptionId, EventNotification, eventNumber, at, responseId, response, 0, at, Pending);

    public IReadOnlyCollection<SearchToken> Tokens() =>
        [new("outbox-state", null, State), new("subscription", null, SubscriptionId)];

    public string ToJson() => new JsonObject
    {
        ["resourceType"] = SubscriptionCodes.OutboxType,
        ["subscription"] = SubscriptionId,
        ["type"] = Type,
        ["eventNumber"] = EventNumber,
        ["at"] = Instant(At),
        ["responseId"] = ResponseId,
        ["response"] = Response?.DeepClone(),
        ["attempts"] = Attempts,
        ["nextAttempt"] = Instant(NextAttempt),
        ["state"] = State,
    }.ToJsonString();

    public static OutboxEntry From(StoredResource stored)
    {
        var json = JsonNode.Parse(stored.Json!)!.AsObject();
        return new OutboxEntry(
            (string)json["subscription"]!, (string)json["type"]!, (long)json["eventNumber"]!,
            DateTimeOffset.Parse((string)json["at"]!, CultureInfo.InvariantCulture),
            (string?)json["responseId"], json["response"] as JsonObject, (int)json["attempts"]!,
            DateTimeOffset.Parse((string)json["nextAttempt"]!, CultureInfo.InvariantCulture), (string)json["state"]!);
    }

    public static string Instant(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
