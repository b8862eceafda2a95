using System.Text.Json.Nodes;

namespace FhirPriorAuth.Policies.Evidence;

/// <summary>Payer-specific settings the extractors need.</summary>
public sealed record EvidenceOptions
{
    /// <summary>No marketplace plans; Questionnaires resolved only when contained in the response.</summary>
    public static EvidenceOptions Default { get; } = new();

    /// <summary>The demo deployment: <see cref="DemoMarketplacePlan"/> is a marketplace (HIM) plan.</summary>
    public static EvidenceOptions Demo { get; } = new() { MarketplacePlans = [DemoMarketplacePlan] };

    /// <summary>The Coverage.class plan value the demo payers use for their marketplace plan.</summary>
    public const string DemoMarketplacePlan = "marketplace-silver";

    /// <summary>
    /// Coverage.class (type plan) values that are marketplace (Health Insurance Marketplace) plans; a deployment lists
    /// its own. Matching is case-insensitive.
    /// </summary>
    public IReadOnlyCollection<string> MarketplacePlans { get; init; } = [];

    /// <summary>
    /// Marketplace plans per payer id, from the payer registry (<c>PolicyCatalog.EvidenceOptions</c>): a plan value
    /// counts only for the payer that names it. Matching is case-insensitive.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyCollection<string>> MarketplacePlansByPayer { get; init; } =
        new Dictionary<string, IReadOnlyCollection<string>>();

    /// <summary>
    /// Finds the Questionnaire a QuestionnaireResponse in a PAS bundle answers (by canonical), so item codes can name
    /// facts; without it only the linkId convention applies.
    /// </summary>
    public Func<string, JsonObject?>? ResolveQuestionnaire { get; init; }
}
