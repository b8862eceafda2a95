using System.Text;
using FhirPriorAuth.Fhir.Elements;
using FhirPriorAuth.Fhir.FhirPath;
using FhirPriorAuth.Policies.Artifacts;
using FhirPriorAuth.Policies.Evidence;

namespace FhirPriorAuth.Policies.Decisions;

/// <summary>
/// Evaluates the actions of one policy over one request's facts, three-valued: a condition yielding true is Met,
/// false NotMet, empty (an undocumented or conflicting fact) Unknown.
/// </summary>
internal sealed class CriterionEvaluator(EvidenceSet evidence, FactVariables variables, EvaluationContext context)
{
    /// <summary>Evaluates an expression; empty, non-Boolean or failing results are null (unknown).</summary>
    public bool? Truth(PolicyExpression expression, out string? error)
    {
        error = null;
        try
        {
            var result = expression.Compiled.Evaluate((ElementNode?)null, context);
            if (result.Count == 0) return null;
            if (result is [bool b]) return b;
            error = result.Count == 1 ? "the condition did not yield a Boolean" : "the condition yielded several values";
        }
        catch (FhirPathEvaluationException e)
        {
            error = "the condition could not be evaluated: " + e.Message;
        }
        return null;
    }

    /// <summary>
    /// An action's condition, three-valued: a criterion or pathway condition that is false only because a fact it
    /// reads is undocumented is unknown (<see cref="AbsenceProbe"/>), unless the action allow-lists that fact
    /// (<c>pa-absent-means-not-met</c>). Exclusions and modifications read their conditions as written.
    /// </summary>
    public bool? ConditionTruth(PolicyAction action, out string? error)
    {
        var truth = Truth(action.Condition!, out error);
        if (truth != false || action.Role is not (ActionRole.Criterion or ActionRole.Pathway)) return truth;
        if (AbsenceProbe.Undocumented(action.Condition!, variables.Variables, action.AbsentMeansNotMet) is not { } absent
            || !AbsenceProbe.CouldHold(action.Condition!, absent, variables.Variables, context.Now))
            return truth;
        error = "unknown, not Not met: " + string.Join(", ", absent.Select(f => "%" + f)) + " undocumented";
        return null;
    }

    public IReadOnlyList<object> Value(PolicyExpression expression)
    {
        try
        {
            return expression.Compiled.Evaluate((ElementNode?)null, context);
        }
        catch (FhirPathEvaluationException)
        {
            return [];
        }
    }

    public CriterionResult Evaluate(PolicyAction action)
    {
        var children = new CriterionResult[action.Children.Count];
        for (var i = 0; i < children.Length; i++) children[i] = Evaluate(action.Children[i]);

        CriterionOutcome? applicability = null;
        string? error = null;
        if (action.Condition is not null)
            applicability = ToOutcome(ConditionTruth(action, out error));

        CriterionOutcome outcome;
        if (action.Children.Count == 0)
            outcome = applicability ?? CriterionOutcome.Unknown;
        else
        {
            var combined = Combine(action.Selection, action.Children, children);
            // A pathway applies only when its condition holds, so its outcome is "condition AND criteria".
            outcome = applicability is { } a ? And(a, combined) : combined;
        }

        var reason = Reason(action, outcome, applicability, error, action.Children, children);
        return new CriterionResult(action.Id, action.Title, outcome, action.Citation, reason, FactsRead(action.Condition), children,
            action.Role, Applies: !(action.Role == ActionRole.Pathway && applicability == CriterionOutcome.NotMet));
    }

    /// <summary>Only criteria decide a group: nested exclusions and modifications are evaluated separately.</summary>
    private static CriterionOutcome Combine(SelectionBehavior selection, IReadOnlyList<PolicyAction> actions, CriterionResult[] results)
    {
        var any = false;
        var unknown = false;
        for (var i = 0; i < results.Length; i++)
        {
            if (actions[i].Role != ActionRole.Criterion) continue;
            any = true;
            var o = results[i].Outcome;
            if (selection == SelectionBehavior.All && o == CriterionOutcome.NotMet) return CriterionOutcome.NotMet;
            if (selection == SelectionBehavior.OneOrMore && o == CriterionOutcome.Met) return CriterionOutcome.Met;
            unknown |= o == CriterionOutcome.Unknown;
        }
        if (unknown) return CriterionOutcome.Unknown;
        if (!any) return CriterionOutcome.Met;
        return selection == SelectionBehavior.All ? CriterionOutcome.Met : CriterionOutcome.NotMet;
    }

    private static CriterionOutcome And(CriterionOutcome a, CriterionOutcome b) =>
        a == CriterionOutcome.NotMet || b == CriterionOutcome.NotMet ? CriterionOutcome.NotMet
        : a == CriterionOutcome.Unknown || b == CriterionOutcome.Unknown ? CriterionOutcome.Unknown
        : CriterionOutcome.Met;

    private static CriterionOutcome ToOutcome(bool? truth) =>
        truth switch { true => CriterionOutcome.Met, false => CriterionOutcome.NotMet, null => CriterionOutcome.Unknown };

    public IReadOnlyList<Fact> FactsRead(PolicyExpression? expression)
    {
        if (expression is null || expression.Facts.Count == 0) return [];
        if (expression.Facts.Count == 1) return evidence[expression.Facts[0]];
        var facts = new List<Fact>();
        foreach (var name in expression.Facts) facts.AddRange(evidence[name]);
        return facts;
    }

    /// <summary><c>Not met — title (policy, section): karnofsky = 50 from Observation/kps-1.</c></summary>
    private string Reason(PolicyAction action, CriterionOutcome outcome, CriterionOutcome? applicability, string? error,
        IReadOnlyList<PolicyAction> childActions, CriterionResult[] children)
    {
        var text = new StringBuilder();
        var word = action.Role switch
        {
            ActionRole.Exclusion => outcome switch { CriterionOutcome.Met => "Excluded", CriterionOutcome.NotMet => "Not excluded", _ => "Exclusion unknown" },
            ActionRole.Modification => outcome == CriterionOutcome.Met ? "Acceptable as requested" : "Limit applies",
            ActionRole.Pathway when applicability == CriterionOutcome.NotMet => "Does not apply",
            _ => ReasonText.Outcome(outcome),
        };
        text.Append(word).Append(" — ").Append(action.Title).Append(" (").Append(action.Citation).Append(')');
        var facts = action.Condition?.Facts ?? [];
        if (facts.Count > 0)
        {
            text.Append(": ");
            for (var i = 0; i < facts.Count; i++)
            {
                if (i > 0) text.Append("; ");
                if (variables.Resolution(facts[i]) is { } resolved) ReasonText.Resolved(text, resolved);
                else ReasonText.Evidence(text, facts[i], evidence[facts[i]], variables.IsConflicting(facts[i]));
            }
        }
        if (childActions.Count > 0 && applicability != CriterionOutcome.NotMet)
        {
            int total = 0, met = 0, notMet = 0;
            for (var i = 0; i < children.Length; i++)
            {
                if (childActions[i].Role != ActionRole.Criterion) continue;
                total++;
                if (children[i].Outcome == CriterionOutcome.Met) met++;
                else if (children[i].Outcome == CriterionOutcome.NotMet) notMet++;
            }
            text.Append(facts.Count > 0 ? "; " : ": ")
                .Append(action.Selection == SelectionBehavior.All ? "all of " : "one or more of ").Append(total)
                .Append(" required, ").Append(met).Append(" met, ").Append(notMet).Append(" not met, ")
                .Append(total - met - notMet).Append(" unknown");
        }
        if (error is not null) text.Append(" (").Append(error).Append(')');
        return text.Append('.').ToString();
    }
}
