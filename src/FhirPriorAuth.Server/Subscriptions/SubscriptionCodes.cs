namespace FhirPriorAuth.Server.Subscriptions;

/// <summary>Canonical URLs of the Subscriptions R5 Backport IG (1.1.0) and the PAS topic.</summary>
internal static class SubscriptionCodes
{
    /// <summary>The one topic PAS defines: a prior authorization response changed.</summary>
    public const string PasTopic = "http://hl7.org/fhir/us/davinci-pas/SubscriptionTopic/PASSubscriptionTopic";

    private const string Backport = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/";
    public const string FilterCriteria = Backport + "backport-filter-criteria";
    public const string PayloadContent = Backport + "backport-payload-content";
    public const string HeartbeatPeriod = Backport + "backport-heartbeat-period";
    public const string Timeout = Backport + "backport-timeout";
    public const string TopicCanonicalExtension = Backport + "capabilitystatement-subscriptiontopic-canonical";
    public const string StatusProfile = Backport + "backport-subscription-status-r4";
    public const string NotificationProfile = Backport + "backport-subscription-notification-r4";
    public const string StatusOperation = "http://hl7.org/fhir/uv/subscriptions-backport/OperationDefinition/backport-subscription-status";

    public const string RestHook = "rest-hook";

    /// <summary>Payload contents (backport-payload-content): the whole PAS Response Bundle, only a reference, or nothing.</summary>
    public const string FullResource = "full-resource";
    public const string IdOnly = "id-only";
    public const string Empty = "empty";

    /// <summary>Filter parameter names accepted for the PAS topic: the IG text says org-identifier, the topic orgIdentifier, 2.0.1 identifier.</summary>
    public static readonly string[] FilterParameters = ["org-identifier", "orgIdentifier", "identifier"];

    // Server-side records kept in the resource store next to the Subscriptions (not FHIR resources; never served as such).
    public const string EventCounterType = "SubscriptionEventCounter";
    public const string OutboxType = "SubscriptionNotification";
}

/// <summary>Subscription.status codes (R4).</summary>
internal static class SubscriptionStatus
{
    public const string Requested = "requested";
    public const string Active = "active";
    public const string Error = "error";
    public const string Off = "off";
}
