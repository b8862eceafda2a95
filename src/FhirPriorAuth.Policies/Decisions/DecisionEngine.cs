using System.Text;
using FhirPriorAuth.Fhir.FhirPath;
using FhirPriorAuth.Fhir.FhirPath.Values;
using FhirPriorAuth.Policies.Artifacts;
using FhirPriorAuth.Policies.Evidence;

namespace FhirPriorAuth.Policies.Decisions;

/// <summary>
/// Decides one request under the payer's policy, exactly as docs/policy-format.md ("Decision") states: select the
/// policy, exclusions, pathways three-valued, modifications, authorization period. Thread-safe and deterministic.
/// </summary>
public static class DecisionEngine
{
    /// <summary>Decides with the policy in effect for the payer, drug and date of service the facts name.</summary>
    public static Decision Decide(EvidenceSet evidence, PolicyCatalog catalog)
    {
        var variables = FactVariables.From(evidence);
        var payer = variables.Variables["payer"] as string;
        var drug = variables.Variables["drug"] as string;
        var date = variables.Variables["serviceDate"] is PartialDateTime p ? new DateOnly(p.Year, p.Month, p.Day) : (DateOnly?)null;
        if (payer is null || drug is null || date is null)
        {
            var missing = new List<string>();
            if (payer is null) missing.Add("payer");
            if (drug is null) missing.Add("drug");
            if (date is null) missing.Add("serviceDate");
            var text = new StringBuilder("Pended — the request does not identify the ");
            text.Append(string.Join(", ", missing.Select(m => m == "serviceDate" ? "date of service" : m)))
                .Append(", so no policy can be selected");
            AppendMissing(text, missing, evidence);
            // No policy, so no form: the payer (not its documentation template) answers.
            return new Decision(ReviewAction.Pended, null, null, text.Append('.').ToString(), [], null,
                missing.Select(ReasonText.FactName).ToList(), variables.Conflicts,
                new Referral(ReferralKind.ContactPayer, "no policy can be selected: contact the payer"));
        }
        var policy = catalog.Find(payer, drug, date.Value);
        if (policy is null)
            return new Decision(ReviewAction.Pended, null, null,
                $"Pended — no policy in effect for {payer} {drug} on {date.Value:yyyy-MM-dd}.", [], null, [], variables.Conflicts,
                new Referral(ReferralKind.ContactPayer, "no policy in effect: contact the payer"));
        return Decide(evidence, policy, variables, date.Value);
    }

    /// <summary>Decides under a given policy (its date range is not checked): for tools and what-if evaluation.</summary>
    public static Decision Decide(EvidenceSet evidence, LoadedPolicy policy)
    {
        var variables = FactVariables.From(evidence);
        var date = variables.Variables["serviceDate"] is PartialDateTime p ? new DateOnly(p.Year, p.Month, p.Day) : policy.EffectiveStart;
        return Decide(evidence, policy, variables, date);
    }

    /// <summary>
    /// The period an approval gets under the policy in effect when a reviewer approves without stating one: from the
    /// date of service for the approval duration that every pathway still open (not NotMet) agrees on for the line
    /// of business, capped as an automated approval would be. Null when no policy applies, no pathway is open, or
    /// the open pathways state no duration or differ.
    /// </summary>
    public static PolicyPeriod? DefaultPeriod(EvidenceSet evidence, PolicyCatalog catalog)
    {
        var variables = FactVariables.From(evidence);
        if (variables.Variables["payer"] is not string payer || variables.Variables["drug"] is not string drug
            || variables.Variables["serviceDate"] is not PartialDateTime p)
            return null;
        var date = new DateOnly(p.Year, p.Month, p.Day);
        if (catalog.Find(payer, drug, date) is not { } policy)
            return null;
        var evaluator = Evaluator(evidence, variables, date);
        PolicyPeriod? agreed = null;
        foreach (var pathway in policy.Actions.Where(a => a.Role == ActionRole.Pathway))
        {
            if (evaluator.Evaluate(pathway).Outcome == CriterionOutcome.NotMet)
                continue;
            if (Authorize(pathway, variables, date, null, null, null, out var text) is not { } period
                || (agreed is not null && agreed.End != period.End))
                return null;
            agreed ??= new PolicyPeriod(period.Start, period.End, text);
        }
        return agreed;
    }

    private static CriterionEvaluator Evaluator(EvidenceSet evidence, FactVariables variables, DateOnly serviceDate) =>
        // today()/now() read the date of service, so the same request decides the same way on any day.
        new(evidence, variables, new EvaluationContext
        {
            Variables = variables.Variables,
            Now = new DateTimeOffset(serviceDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        });

    private static Decision Decide(EvidenceSet evidence, LoadedPolicy policy, FactVariables variables, DateOnly serviceDate)
    {
        if (policy.TextNotOnFile is { } history)
            return new Decision(ReviewAction.Pended, policy.Url, policy.Version,
                $"Pended — policy text for that date not on file: {policy.PolicyName} as in effect on {serviceDate:yyyy-MM-dd} " +
                $"(revision {policy.Version}, {policy.EffectivePeriodText}); {history} A reviewer decides on the text then in force.",
                [], null, [], variables.Conflicts, new Referral(ReferralKind.Review, "policy text for that date not on file: a reviewer decides"));
        var evaluator = Evaluator(evidence, variables, serviceDate);
        var results = new CriterionResult[policy.Actions.Count];
        for (var i = 0; i < results.Length; i++) results[i] = evaluator.Evaluate(policy.Actions[i]);
        var outcome = new Outcome(policy, results, variables);

        // 2. Exclusions: top-level ones, and those of every pathway that may apply.
        var excluded = new List<CriterionResult>();
        for (var i = 0; i < results.Length; i++)
        {
            if (policy.Actions[i].Role == ActionRole.Exclusion && results[i].Outcome == CriterionOutcome.Met) excluded.Add(results[i]);
            if (policy.Actions[i].Role == ActionRole.Pathway && !Inapplicable(policy.Actions[i], evaluator))
                for (var j = 0; j < policy.Actions[i].Children.Count; j++)
                    if (policy.Actions[i].Children[j].Role == ActionRole.Exclusion && results[i].Children[j].Outcome == CriterionOutcome.Met)
                        excluded.Add(results[i].Children[j]);
        }
        if (excluded.Count > 0)
            return outcome.Make(ReviewAction.Denied, new StringBuilder("Denied — the policy excludes this request:")
                .AppendLines(excluded.Select(e => e.Reason)));

        // 3. Pathways.
        int approving = -1;
        for (var i = 0; i < results.Length && approving < 0; i++)
            if (policy.Actions[i].Role == ActionRole.Pathway && results[i].Outcome == CriterionOutcome.Met) approving = i;
        if (approving >= 0)
            return Approve(policy, policy.Actions[approving], results[approving], results, evaluator, variables, serviceDate, outcome);

        var unknown = MostCompleteUnknown(policy, results, evaluator);
        if (unknown >= 0)
            return Pend(policy.Actions[unknown], results[unknown], evidence, variables, evaluator, outcome);
        return Deny(policy, results, evaluator, outcome);
    }

    private static bool Inapplicable(PolicyAction pathway, CriterionEvaluator evaluator) =>
        pathway.Condition is not null && evaluator.ConditionTruth(pathway, out _) == false;

    private static Decision Approve(LoadedPolicy policy, PolicyAction pathway, CriterionResult pathwayResult,
        CriterionResult[] results, CriterionEvaluator evaluator, FactVariables variables, DateOnly serviceDate, Outcome outcome)
    {
        var applied = new List<(PolicyAction Action, CriterionResult Result)>();
        for (var i = 0; i < results.Length; i++)
            if (policy.Actions[i].Role == ActionRole.Modification && results[i].Outcome != CriterionOutcome.Met)
                applied.Add((policy.Actions[i], results[i]));
        for (var i = 0; i < pathway.Children.Count; i++)
            if (pathway.Children[i].Role == ActionRole.Modification && pathwayResult.Children[i].Outcome != CriterionOutcome.Met)
                applied.Add((pathway.Children[i], pathwayResult.Children[i]));

        decimal? quantity = null;
        string? unit = null, product = null;
        var limited = false;
        var text = new StringBuilder();
        var limits = policy.Actions.Concat(pathway.Children).Where(a => a.Role == ActionRole.Modification && a.QuantityLimit is not null);
        foreach (var limit in limits)
            if (Number(variables.Variables[limit.QuantityLimit!.Fact]) is { } requested)
                (quantity, unit) = (requested, limit.QuantityLimit.Unit);
        var effective = new List<CriterionResult>();
        foreach (var (action, result) in applied)
        {
            var changes = action.QuantityLimit is null;
            if (action.QuantityLimit is { } q)
            {
                var maximum = evaluator.Value(q.Maximum) is [var m] ? Number(m) : null;
                if (maximum is null)
                    return outcome.Make(ReviewAction.Pended, new StringBuilder("Pended — the quantity the policy allows cannot be computed:")
                        .AppendLines([result.Reason]), q.Maximum.Facts.Select(ReasonText.FactName).ToList());
                if (maximum <= 0)
                    return outcome.Make(ReviewAction.Denied, new StringBuilder("Denied — the policy allows no further quantity (")
                        .Append(ReasonText.Value(maximum.Value, q.Unit)).Append("):").AppendLines([result.Reason]));
                // A limit the request already keeps (its condition was unknown, say) changes nothing.
                if (quantity is null || maximum < quantity) (quantity, unit, limited, changes) = (maximum, q.Unit, true, true);
            }
            if (action.SubstituteProduct is { } p) product = p;
            if (changes) effective.Add(result);
        }

        var authorization = Authorize(pathway, variables, serviceDate, quantity, unit, product, out var period);
        var review = effective.Count > 0 ? ReviewAction.Modified : ReviewAction.Approved;
        text.Append(review == ReviewAction.Modified ? "Modified — " : "Approved — ")
            .Append(pathway.Title).Append(" (").Append(pathway.Citation).Append(") is met");
        if (product is not null || limited)
        {
            text.Append("; approved as ");
            if (product is not null) text.Append(product);
            if (product is not null && limited) text.Append(", ");
            if (limited) text.Append(ReasonText.Value(quantity!.Value, unit));
            text.Append(" instead of as requested");
        }
        text.Append(". ").Append(period);
        foreach (var result in effective) text.Append('\n').Append(result.Reason);
        return outcome.Make(review, text, authorization: authorization);
    }

    /// <summary>From the date of service for the pathway's duration for the line of business (or '*').</summary>
    private static Authorization? Authorize(PolicyAction pathway, FactVariables variables, DateOnly start,
        decimal? quantity, string? unit, string? product, out string text)
    {
        var lob = variables.Variables["lineOfBusiness"] as string;
        var duration = pathway.Durations.FirstOrDefault(d => d.LineOfBusiness == lob)
                       ?? pathway.Durations.FirstOrDefault(d => d.LineOfBusiness == "*");
        if (duration is null)
        {
            text = $"The pathway states no approval duration for line of business {lob ?? "(not documented)"}; the reviewer sets the period.";
            return null;
        }
        var end = duration.EndFrom(start);
        var capped = false;
        if (duration.CapByRequest && variables.Variables["requestedDays"] is int days && days > 0 && start.AddDays(days - 1) < end)
        {
            end = start.AddDays(days - 1);
            capped = true;
        }
        text = $"Authorized {start:yyyy-MM-dd} to {end:yyyy-MM-dd} ({duration} for {(duration.LineOfBusiness == "*" ? "any line of business" : duration.LineOfBusiness)}"
               + (capped ? ", capped at the requested period" : "") + ").";
        return new Authorization(start, end, quantity, unit, product);
    }

    private static decimal? Number(object? value) => value switch
    {
        int i => i,
        long l => l,
        decimal d => d,
        _ => null,
    };

    /// <summary>The Unknown pathway with the fewest Unknown leaves (the closest to a decision); ties go to the first.</summary>
    private static int MostCompleteUnknown(LoadedPolicy policy, CriterionResult[] results, CriterionEvaluator evaluator)
    {
        int best = -1, fewest = int.MaxValue;
        for (var i = 0; i < results.Length; i++)
        {
            if (policy.Actions[i].Role != ActionRole.Pathway || results[i].Outcome != CriterionOutcome.Unknown) continue;
            var leaves = new List<(PolicyAction, CriterionResult)>();
            UnknownLeaves(policy.Actions[i], results[i], evaluator, leaves);
            if (leaves.Count < fewest) (best, fewest) = (i, leaves.Count);
        }
        return best;
    }

    /// <summary>What makes a result Unknown: its own condition when that is unknown, then its Unknown criteria, recursively.</summary>
    private static void UnknownLeaves(PolicyAction action, CriterionResult result, CriterionEvaluator evaluator,
        List<(PolicyAction, CriterionResult)> leaves)
    {
        if (result.Outcome != CriterionOutcome.Unknown) return;
        if (action.Condition is not null && (action.Children.Count == 0 || evaluator.ConditionTruth(action, out _) is null))
            leaves.Add((action, result));
        for (var i = 0; i < action.Children.Count; i++)
            if (action.Children[i].Role == ActionRole.Criterion) UnknownLeaves(action.Children[i], result.Children[i], evaluator, leaves);
    }

    private static Decision Pend(PolicyAction pathway, CriterionResult result, EvidenceSet evidence, FactVariables variables,
        CriterionEvaluator evaluator, Outcome outcome)
    {
        var leaves = new List<(PolicyAction Action, CriterionResult Result)>();
        UnknownLeaves(pathway, result, evaluator, leaves);
        if (pathway.Referral is { } kind)
            return outcome.Make(ReviewAction.Pended, new StringBuilder("Pended — referred: ").Append(pathway.Title).Append(" (")
                    .Append(pathway.Citation).Append(kind == ReferralKind.ContactPayer
                        ? "). Nothing for the payer's form to document; contact the payer."
                        : "). Reviewed under that policy; nothing for the payer's form to document.")
                    .AppendLines(leaves.Select(l => l.Result.Reason)),
                referral: new Referral(kind, pathway.Title));
        var facts = new List<string>();
        foreach (var (action, _) in leaves)
            foreach (var f in action.Condition?.Facts ?? [])
                if (!facts.Contains(f) && !variables.IsConflicting(f) && evidence[f].Count == 0) facts.Add(f);
        // A conflict the payer's form already answered (an unsigned answer, or answers that disagree) is not closed by
        // asking the form again: it goes to a reviewer, never an endless A4 (docs/policy-format.md, "Conflict precedence").
        var answered = leaves.SelectMany(l => l.Action.Condition?.Facts ?? []).Distinct()
            .Where(f => variables.IsConflicting(f) && evidence[f].Any(x => x.Source.Kind == FactSourceKind.QuestionnaireAnswer)).ToList();
        if (answered.Count > 0 && facts.Count == 0)
            return outcome.Make(ReviewAction.Pended, new StringBuilder("Pended for review — ").Append(pathway.Title).Append(" (")
                    .Append(pathway.Citation).Append("): the payer's form already answered conflicting documentation (")
                    .Append(string.Join(", ", answered)).Append("); a reviewer decides which source holds.")
                    .AppendLines(leaves.Select(l => l.Result.Reason)),
                referral: new Referral(ReferralKind.Review, "conflicting documentation the form already answered: a reviewer decides"));
        var text = new StringBuilder("Pended — ").Append(pathway.Title).Append(" (").Append(pathway.Citation)
            .Append(") cannot be decided without more documentation");
        AppendMissing(text, facts, evidence);
        text.Append('.');
        text.AppendLines(leaves.Select(l => l.Result.Reason));
        return outcome.Make(ReviewAction.Pended, text, facts.Select(ReasonText.FactName).ToList());
    }

    private static void AppendMissing(StringBuilder text, List<string> facts, EvidenceSet evidence)
    {
        var missing = facts.Where(f => evidence[f].Count == 0).ToList();
        if (missing.Count > 0) text.Append(". Missing: ").Append(string.Join("; ", missing.Select(ReasonText.FactName)));
    }

    /// <summary>All pathways NotMet: cite every NotMet criterion of each pathway that applies (or each pathway when none applies).</summary>
    private static Decision Deny(LoadedPolicy policy, CriterionResult[] results, CriterionEvaluator evaluator, Outcome outcome)
    {
        var cited = new List<CriterionResult>();
        var pathways = new List<CriterionResult>();
        for (var i = 0; i < results.Length; i++)
        {
            if (policy.Actions[i].Role != ActionRole.Pathway) continue;
            pathways.Add(results[i]);
            if (!Inapplicable(policy.Actions[i], evaluator)) NotMetLeaves(policy.Actions[i], results[i], cited);
        }
        var text = new StringBuilder("Denied — the request meets no pathway of ").Append(policy.PolicyName)
            .Append("; the policy considers requests outside its criteria not medically necessary:");
        text.AppendLines((cited.Count > 0 ? cited : pathways).Select(r => r.Reason));
        return outcome.Make(ReviewAction.Denied, text);
    }

    private static void NotMetLeaves(PolicyAction action, CriterionResult result, List<CriterionResult> cited)
    {
        if (result.Outcome != CriterionOutcome.NotMet) return;
        if (action.Children.Count == 0) { cited.Add(result); return; }
        if (action.Condition is { } && action.Role == ActionRole.Criterion) { cited.Add(result); return; }
        for (var i = 0; i < action.Children.Count; i++)
            if (action.Children[i].Role == ActionRole.Criterion) NotMetLeaves(action.Children[i], result.Children[i], cited);
    }

    private static StringBuilder AppendLines(this StringBuilder text, IEnumerable<string> lines)
    {
        foreach (var line in lines) text.Append('\n').Append(line);
        return text;
    }

    /// <summary>What every decision under a policy shares: the policy, the criteria and the conflicts.</summary>
    private sealed class Outcome(LoadedPolicy policy, CriterionResult[] results, FactVariables variables)
    {
        public Decision Make(ReviewAction action, StringBuilder summary, IReadOnlyList<string>? missing = null, Authorization? authorization = null,
            Referral? referral = null)
        {
            if (variables.Conflicts.Count > 0)
                summary.Append("\nConflicting documentation: ").Append(string.Join("; ", variables.Conflicts.Select(ReasonText.Conflict))).Append('.');
            if (variables.Resolved.Count > 0)
                summary.Append("\nSettled by precedence: ").Append(string.Join("; ", variables.Resolved.Select(ReasonText.Resolved))).Append('.');
            return new Decision(action, policy.Url, policy.Version, summary.ToString(), results, authorization, missing ?? [], variables.Conflicts, referral);
        }
    }
}
