using FhirPriorAuth.Policies.Artifacts;
using FhirPriorAuth.Policies.Decisions;

namespace FhirPriorAuth.Cli.Commands;

/// <summary>A decision as a reviewer reads it in a terminal.</summary>
internal static class DecisionText
{
    /// <summary>X12 306: a pend the payer's form cannot complete and that no review here decides is CT (contact the payer).</summary>
    public static string Code(Decision decision) =>
        decision.Referral is { Kind: ReferralKind.ContactPayer } ? "CT" : Code(decision.Action);

    public static string Words(Decision decision) =>
        decision.Referral is { Kind: ReferralKind.ContactPayer } ? "contact the payer" : Words(decision.Action);

    public static string Code(ReviewAction action) => action switch
    {
        ReviewAction.Approved => "A1",
        ReviewAction.Denied => "A3",
        ReviewAction.Pended => "A4",
        _ => "A6",
    };

    public static string Words(ReviewAction action) => action switch
    {
        ReviewAction.Approved => "approved",
        ReviewAction.Denied => "denied",
        ReviewAction.Pended => "pended",
        _ => "modified",
    };

    public static void Write(TextWriter output, Decision decision, LoadedPolicy? policy)
    {
        output.WriteLine($"{Code(decision)} {Words(decision)}");
        output.WriteLine(policy is null ? "Policy: none selected"
            : $"Policy: {policy.PolicyName} ({policy.Url}|{policy.Version}, effective {policy.EffectivePeriodText})");
        if (decision.Authorization is { } a)
        {
            var extra = (a.Quantity is { } q ? $", quantity {ReasonText.Value(q, a.QuantityUnit)}" : "") + (a.Product is { } p ? $", product {p}" : "");
            output.WriteLine($"Authorization: {a.Start:yyyy-MM-dd} to {a.End:yyyy-MM-dd}{extra}");
        }
        // A referral has no form to fill: what is missing is for the payer, not the provider's form.
        if (decision.Referral is { } referral) output.WriteLine($"Form: none — {referral.Reason}");
        foreach (var missing in decision.MissingDocumentation) output.WriteLine($"Missing: {missing}");
        foreach (var conflict in decision.Conflicts) output.WriteLine($"Conflict: {ReasonText.Conflict(conflict)}");
        output.WriteLine();
        output.WriteLine(decision.Summary);
        if (decision.Criteria.Count == 0) return;
        output.WriteLine();
        output.WriteLine("Criteria:");
        foreach (var c in decision.Criteria) WriteCriterion(output, c, 1);
    }

    private static void WriteCriterion(TextWriter output, CriterionResult result, int depth)
    {
        var indent = new string(' ', 2 * depth);
        var mark = result.Outcome switch { CriterionOutcome.Met => "✓", CriterionOutcome.NotMet => "✗", _ => "?" };
        output.WriteLine($"{indent}{mark} [{result.Id}] {result.Reason}");
        foreach (var child in result.Children) WriteCriterion(output, child, depth + 1);
    }
}
