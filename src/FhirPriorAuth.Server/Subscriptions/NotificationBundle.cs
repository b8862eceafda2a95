using System.Globalization;
using System.Text.Json.Nodes;

namespace FhirPriorAuth.Server.Subscriptions;

/// <summary>
/// Notification Bundles of the R5 Backport IG (backport-subscription-notification-r4): a history Bundle whose first
/// entry is the SubscriptionStatus Parameters. For PAS 2.2.1 full-resource the focus is the whole PAS Response Bundle,
/// included as the second entry (the IG's PASSubscriptionNotification example, spec-61); id-only names the
/// ClaimResponse and includes nothing (PAS 2.0.1: the client then uses $inquire); empty carries no focus.
/// </summary>
internal static class NotificationBundle
{
    public static JsonObject Build(string subscriptionId, SubscriptionRecord subscription, string content, OutboxEntry entry, long eventsSinceStart, DateTimeOffset now)
    {
        var subscriptionUrl = $"{subscription.BaseUrl}/Subscription/{subscriptionId}";
        var entries = new JsonArray();
        JsonObject? notificationEvent = null;
        if (entry.Type == OutboxEntry.EventNotification)
        {
            notificationEvent = new JsonObject
            {
                ["name"] = "notification-event",
                ["part"] = new JsonArray(
                    new JsonObject { ["name"] = "event-number", ["valueString"] = entry.EventNumber.ToString(CultureInfo.InvariantCulture) },
                    new JsonObject { ["name"] = "timestamp", ["valueInstant"] = OutboxEntry.Instant(entry.At) }),
            };
            var focus = Focus(subscription.BaseUrl, content, entry, entries);
            if (focus is not null)
                notificationEvent["part"]!.AsArray().Add(new JsonObject { ["name"] = "focus", ["valueReference"] = new JsonObject { ["reference"] = focus } });
        }
        var status = StatusParameters(subscriptionUrl, subscription.Status, entry.Type, eventsSinceStart, notificationEvent);
        entries.Insert(0, new JsonObject
        {
            ["fullUrl"] = "urn:uuid:" + status["id"],
            ["resource"] = status,
            ["request"] = new JsonObject { ["method"] = "GET", ["url"] = subscriptionUrl + "/$status" },
            ["response"] = new JsonObject { ["status"] = "200" },
        });
        return new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["id"] = Guid.NewGuid().ToString("D"),
            ["meta"] = new JsonObject { ["profile"] = new JsonArray(SubscriptionCodes.NotificationProfile) },
            ["type"] = "history",
            ["timestamp"] = OutboxEntry.Instant(now),
            ["entry"] = entries,
        };
    }

    /// <summary>The SubscriptionStatus Parameters (backport-subscription-status-r4), also the answer of <c>$status</c> (type query-status).</summary>
    public static JsonObject StatusParameters(string subscriptionUrl, string status, string type, long eventsSinceStart, JsonObject? notificationEvent = null)
    {
        var parameters = new JsonArray(
            new JsonObject { ["name"] = "subscription", ["valueReference"] = new JsonObject { ["reference"] = subscriptionUrl } },
            new JsonObject { ["name"] = "topic", ["valueCanonical"] = SubscriptionCodes.PasTopic },
            new JsonObject { ["name"] = "status", ["valueCode"] = status },
            new JsonObject { ["name"] = "type", ["valueCode"] = type },
            new JsonObject { ["name"] = "events-since-subscription-start", ["valueString"] = eventsSinceStart.ToString(CultureInfo.InvariantCulture) });
        if (notificationEvent is not null)
            parameters.Add(notificationEvent);
        return new JsonObject
        {
            ["resourceType"] = "Parameters",
            ["id"] = Guid.NewGuid().ToString("D"),
            ["meta"] = new JsonObject { ["profile"] = new JsonArray(SubscriptionCodes.StatusProfile) },
            ["parameter"] = parameters,
        };
    }

    private static string? Focus(string baseUrl, string content, OutboxEntry entry, JsonArray entries)
    {
        var bundleUrl = $"{baseUrl}/Bundle/{entry.ResponseId}";
        switch (content)
        {
            case SubscriptionCodes.FullResource:
                var response = (JsonObject)entry.Response!.DeepClone();
                response["id"] = entry.ResponseId;
                entries.Add(new JsonObject
                {
                    ["fullUrl"] = bundleUrl,
                    ["resource"] = response,
                    ["request"] = new JsonObject { ["method"] = "GET", ["url"] = bundleUrl },
                    ["response"] = new JsonObject { ["status"] = "200" },
                });
                return bundleUrl;
            case SubscriptionCodes.IdOnly:
                var claimResponseId = (string?)(entry.Response?["entry"]?[0]?["resource"]?["id"] as JsonValue);
                return claimResponseId is null ? bundleUrl : $"{baseUrl}/ClaimResponse/{claimResponseId}";
            default:
                return null;
        }
    }
}
