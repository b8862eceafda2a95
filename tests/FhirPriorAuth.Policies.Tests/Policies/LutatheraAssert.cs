using FhirPriorAuth.Policies.Artifacts;
using FhirPriorAuth.Policies.Decisions;
using FhirPriorAuth.Policies.Evidence;

namespace FhirPriorAuth.Policies.Tests.Policies;

/// <summary>What a medical director checks on every Lutathera decision: the action, the criterion, the citation, the gap.</summary>
public static class LutatheraAssert
{
    /// <summary>
    /// The pathway is met with every criterion it requires met (each child of an "all" group; a "one or more" group
    /// itself), and no exclusion of the policy applies.
    /// </summary>
    public static void Qualifies(Decision decision, string pathwayId)
    {
        var policy = LutatheraDecisions.Catalog.Policies.Single(p => p.Url == decision.PolicyUrl && p.Version == decision.PolicyVersion);
        for (var i = 0; i < policy.Actions.Count; i++)
        {
            if (policy.Actions[i].Role == ActionRole.Exclusion)
                Assert.True(decision.Criteria[i].Outcome == CriterionOutcome.NotMet, decision.Criteria[i].Reason);
            if (policy.Actions[i].Id == pathwayId) Required(policy.Actions[i], decision.Criteria[i]);
        }
    }

    private static void Required(PolicyAction action, CriterionResult result)
    {
        Assert.True(result.Outcome == CriterionOutcome.Met, result.Reason);
        if (action.Selection == SelectionBehavior.All)
            for (var i = 0; i < action.Children.Count; i++)
                if (action.Children[i].Role == ActionRole.Criterion) Required(action.Children[i], result.Children[i]);
    }

    /// <summary>
    /// The criterion has <paramref name="outcome"/> and the decision is <paramref name="action"/>. A denial cites the
    /// criterion's policy section in its summary; a pend names the undocumented <paramref name="fact"/>.
    /// </summary>
    public static void Decided(Decision decision, string criterionId, CriterionOutcome outcome, ReviewAction action, string? fact = null)
    {
        var criterion = decision.Evaluated(criterionId);
        Assert.True(outcome == criterion.Outcome, $"{criterionId}: expected {outcome}, got {criterion.Outcome}: {criterion.Reason}\n{decision.Summary}");
        Assert.True(action == decision.Action, $"expected {action}, got {decision.Action}: {decision.Summary}");
        Assert.Contains(criterion.Citation.ToString(), criterion.Reason, StringComparison.Ordinal);
        if (action == ReviewAction.Denied && outcome != CriterionOutcome.Met)
            Assert.Contains(criterion.Citation.Section, decision.Summary, StringComparison.Ordinal);
        if (action == ReviewAction.Pended && fact is not null)
        {
            var description = FactCatalog.Find(fact)!.Description;
            Assert.True(decision.MissingDocumentation.Any(m => m.Contains(description, StringComparison.Ordinal)),
                $"the pend should ask for {fact}; it asks for: {string.Join("; ", decision.MissingDocumentation)}");
        }
    }
}
