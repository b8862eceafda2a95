using FhirPriorAuth.Policies.Artifacts;
using FhirPriorAuth.Policies.Evidence;

namespace FhirPriorAuth.Policies.Decisions;

/// <summary>The X12 306 action a decision takes on a requested service line (ClaimResponse reviewAction).</summary>
public enum ReviewAction
{
    /// <summary>A1: certified in total (approved).</summary>
    Approved,
    /// <summary>A3: not certified (denied) — only where the policy says investigational / not medically necessary on documented facts.</summary>
    Denied,
    /// <summary>A4: pended — documentation missing or conflicting, or no policy in effect.</summary>
    Pended,
    /// <summary>A6: modified — something other than what was asked is approved (generic for brand, fewer doses).</summary>
    Modified,
}

public enum CriterionOutcome
{
    Met,
    NotMet,
    /// <summary>The documentation needed to decide is missing (an empty fact) or conflicting.</summary>
    Unknown,
}

/// <summary>Where in the payer's policy a criterion comes from.</summary>
/// <param name="Policy">The policy as a reviewer names it: <c>Capital Blue Cross MP 2.371</c>.</param>
/// <param name="Section">The section and item: <c>I. Policy — Initial Treatment, criterion 2</c>.</param>
public sealed record Citation(string Policy, string Section, string? Url = null)
{
    public override string ToString() => $"{Policy}, {Section}";
}

/// <summary>
/// The evaluation of one PlanDefinition action, with the facts it read and its children. <see cref="Role"/> says
/// how the outcome reads: a Met exclusion excluded the request, a NotMet modification applied its limit, and a
/// pathway whose own condition is false does not apply (<see cref="Applies"/> false).
/// </summary>
public sealed record CriterionResult(
    string Id,
    string Title,
    CriterionOutcome Outcome,
    Citation Citation,
    string Reason,
    IReadOnlyList<Fact> Evidence,
    IReadOnlyList<CriterionResult> Children,
    ActionRole Role = ActionRole.Criterion,
    bool Applies = true);

/// <summary>The authorization granted: its period and quantity, and the product when it differs from the request.</summary>
public sealed record Authorization(DateOnly Start, DateOnly End, decimal? Quantity, string? QuantityUnit, string? Product);

/// <summary>The period the policy authorizes, with the sentence that explains it (duration, line of business, cap).</summary>
public sealed record PolicyPeriod(DateOnly Start, DateOnly End, string Text);

/// <summary>
/// A decision on one requested line under one policy: the action, every criterion evaluated with its citation and
/// evidence, and the reason text a reviewer reads. Deterministic: the same request gives the same decision and text.
/// </summary>
public sealed record Decision(
    ReviewAction Action,
    string? PolicyUrl,
    string? PolicyVersion,
    string Summary,
    IReadOnlyList<CriterionResult> Criteria,
    Authorization? Authorization,
    IReadOnlyList<string> MissingDocumentation,
    IReadOnlyList<FactConflict> Conflicts,
    Referral? Referral = null);

/// <summary>
/// A pend that the payer's form cannot complete, so no form is sent: the request names no payer, drug or date the
/// policies cover, no policy is in effect, the policy text for the date is not on file, or a referral pathway
/// (<c>pa-referral</c>) sends it elsewhere. <see cref="ReferralKind.ContactPayer"/> reads X12 CT (contact the payer);
/// <see cref="ReferralKind.Review"/> stays A4 for a reviewer, without a form.
/// </summary>
public sealed record Referral(ReferralKind Kind, string Reason);
