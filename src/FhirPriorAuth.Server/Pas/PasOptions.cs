using System.ComponentModel.DataAnnotations;

namespace FhirPriorAuth.Server.Pas;

/// <summary>Configuration section <c>Pas</c>.</summary>
public sealed class PasOptions
{
    public const string Section = "Pas";

    /// <summary>
    /// How long the automated decision of a request may take before its policy lines are pended for clinical review
    /// instead. PAS expects an answer within 15 seconds; the rest of the budget is left for storage and the network.
    /// 0 turns automated decisions off: every policy line goes to a reviewer.
    /// </summary>
    [Range(0, 14_000)]
    public int DecisionBudgetMilliseconds { get; set; } = 10_000;
}
