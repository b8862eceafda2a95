using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Artifacts;
using FhirPriorAuth.Policies.Decisions;
using FhirPriorAuth.Policies.Evidence;
using FhirPriorAuth.Policies.Evidence.Extraction;

namespace FhirPriorAuth.Server.Pas;

/// <summary>The answer for one requested line: its X12 action, the notes a reviewer wrote, and the policy decision behind it.</summary>
internal sealed record ItemDecision(int Sequence, ActionCode Action, IReadOnlyList<string> Notes, Decision? Decision)
{
    public const string NotRequired = "No prior authorization is required for this service under the configured policies.";
    public const string PharmacyBenefit = "Everolimus billed under the pharmacy benefit is handled by the pharmacy benefit; "
        + "this medical-benefit review does not apply. Submit the request to the pharmacy benefit manager.";

    /// <summary>
    /// Decides every item: a line for a policy drug gets the policy decision, under the policy for its own product (a
    /// request with lines for several policy drugs is decided line by line, each from the evidence of its drug:
    /// <paramref name="evidence"/> gives it for an item.sequence, or for the whole request with null); any other line
    /// needs no authorization here. A drug with no policy for the payer is a matter for the payer, not a refusal.
    /// </summary>
    public static IReadOnlyList<ItemDecision> DecideAll(JsonObject claim, Func<int?, EvidenceSet> evidence, PolicyCatalog catalog)
    {
        var items = (claim["item"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var lineDrugs = items.Select(i => Products.Identify(i["productOrService"] as JsonObject)?.Drug).ToList();
        var perLine = lineDrugs.OfType<string>().Count() > 1;
        var whole = new Lazy<EvidenceSet>(() => evidence(null));
        var requestedDrug = items.Count == 1 ? whole.Value.Values("drug").OfType<string>().FirstOrDefault() : null;
        Decision? shared = null;
        var result = new List<ItemDecision>();
        for (var i = 0; i < items.Count; i++)
        {
            var sequence = items[i]["sequence"]!.GetValue<int>();
            // A single-line request is for what its orders ask for, however the line itself is coded.
            var drug = lineDrugs[i] ?? requestedDrug;
            if (drug is null)
            {
                result.Add(new(sequence, ActionCode.NoActionRequired, [NotRequired], null));
                continue;
            }
            var lineEvidence = perLine ? evidence(sequence) : whole.Value;
            var decision = perLine ? DecisionEngine.Decide(lineEvidence, catalog) : shared ??= DecisionEngine.Decide(lineEvidence, catalog);
            var answer = FromDecision(sequence, decision);
            // Without a policy for the payer, a pharmacy-benefit everolimus claim belongs to the pharmacy benefit.
            if (answer.Action == ActionCode.ContactPayer && decision.PolicyUrl is null && drug == "everolimus"
                && lineEvidence.Values("benefit").OfType<string>().Contains("pharmacy"))
                answer = new(sequence, ActionCode.NoActionRequired, [decision.Summary, PharmacyBenefit], decision);
            result.Add(answer);
        }
        return result;
    }

    private static ItemDecision FromDecision(int sequence, Decision decision)
    {
        var notes = new List<string> { decision.Summary };
        // A limit matters only when something is authorized.
        var limits = decision.Action is ReviewAction.Approved or ReviewAction.Modified;
        foreach (var criterion in decision.Criteria)
            Decisive(criterion, notes, limits);
        notes = [.. notes.Distinct(StringComparer.Ordinal)];
        var action = decision.Action switch
        {
            ReviewAction.Approved => ActionCode.Certified,
            ReviewAction.Denied => ActionCode.NotCertified,
            ReviewAction.Modified => ActionCode.Modified,
            // No policy can be selected, or the policy does not govern the request (pa-referral contact-payer): the payer
            // decides outside these policies, and there is no form to fill.
            ReviewAction.Pended when decision.Referral is { Kind: ReferralKind.ContactPayer } => ActionCode.ContactPayer,
            _ => ActionCode.Pended,
        };
        if (action == ActionCode.ContactPayer)
            notes.Add(decision.PolicyUrl is null
                ? "No policy for this drug is configured for this payer; contact the payer."
                : "The policy does not govern this request; contact the payer.");
        return new(sequence, action, notes, decision);
    }

    // One note per criterion that shaped the answer: an exclusion that applied, a limit that applied, and the
    // deepest unmet or undocumented criteria of the pathways that apply. Pathways that do not apply, exclusions
    // that are absent and criteria that are met say nothing the submitter must act on. Each reason cites the policy.
    // When something is authorized (limits), a pathway was met: the alternatives it did not need are not reasons,
    // so only the limits are noted (an approval must not read "Not met — …" for pathways it never relied on).
    private static bool Decisive(CriterionResult criterion, List<string> notes, bool limits)
    {
        switch (criterion)
        {
            case { Applies: false }:
            case { Role: ActionRole.Exclusion, Outcome: not CriterionOutcome.Met }:
            case { Role: ActionRole.Modification, Outcome: CriterionOutcome.Met }:
                return false;
            case { Role: ActionRole.Modification }:
                if (limits)
                    notes.Add(criterion.Reason);
                return limits;
            case { Role: ActionRole.Exclusion }:
                notes.Add(criterion.Reason);
                return true;
            case { Outcome: CriterionOutcome.Met }:
                return false;
        }
        var any = false;
        foreach (var child in criterion.Children)
            any |= Decisive(child, notes, limits);
        if (limits)
            return any;
        if (!any)
            notes.Add(criterion.Reason);
        return true;
    }
}
