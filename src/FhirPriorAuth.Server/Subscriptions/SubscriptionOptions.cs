using System.ComponentModel.DataAnnotations;

namespace FhirPriorAuth.Server.Subscriptions;

/// <summary>
/// Notification delivery (configuration section <c>Subscriptions</c>). A failed event is retried after
/// <see cref="FirstRetryDelay"/>, doubling up to <see cref="MaxRetryDelay"/>, at most <see cref="MaxAttempts"/> times in all;
/// then the subscription goes to <c>error</c>.
/// </summary>
public sealed class SubscriptionOptions
{
    public const string Section = "Subscriptions";

    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00.001", "7.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often the outbox is read when nothing wakes the sender (a change committed by another instance, a due retry).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one POST to a subscriber may take; a subscription's <c>backport-timeout</c> may shorten it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Notifications carry protected health information, so endpoints must be https unless they are on this machine
    /// (loopback). True also accepts plain http elsewhere (test networks only).
    /// </summary>
    public bool AllowInsecureEndpoints { get; set; }

    /// <summary>
    /// Days a delivered or given-up notification stays in the outbox (a record of what was sent, with the PAS response
    /// it carried) before it is removed for good; 0 keeps them forever. Pending notifications are never removed.
    /// </summary>
    [Range(0, 36_500)]
    public int DeliveredRetentionDays { get; set; } = 30;
}
