using System.ComponentModel.DataAnnotations;

namespace FhirPriorAuth.Server.Pas.Review;

/// <summary>
/// Configuration section <c>Review</c>: how long a pended request may wait for a reviewer. The defaults are the
/// CMS-0057-F timeframes for items and services (72 hours expedited, 7 calendar days standard) and the drug
/// timeframes CMS-0062-P proposes (24 hours expedited, 72 hours standard); a state or contract may set shorter ones.
/// </summary>
public sealed class ReviewOptions
{
    public const string Section = "Review";

    [Range(1, 24 * 365)]
    public int UrgentHours { get; set; } = 72;

    [Range(1, 365)]
    public int StandardDays { get; set; } = 7;

    [Range(1, 24 * 365)]
    public int DrugUrgentHours { get; set; } = 24;

    [Range(1, 24 * 365)]
    public int DrugStandardHours { get; set; } = 72;
}
