using FhirPriorAuth.Fhir.FhirPath;
using FhirPriorAuth.Policies.Decisions;

namespace FhirPriorAuth.Policies.Artifacts;

/// <summary>The role of a PlanDefinition action (<c>pa-action-role</c>).</summary>
public enum ActionRole { Pathway, Criterion, Exclusion, Modification }

/// <summary>How a group combines its children's outcomes.</summary>
public enum SelectionBehavior { All, OneOrMore }

/// <summary>A FHIRPath expression compiled once at load, with the fact variables it reads.</summary>
public sealed class PolicyExpression(CompiledExpression compiled, IReadOnlyList<string> facts)
{
    public CompiledExpression Compiled { get; } = compiled;

    public string Text => Compiled.Expression;

    /// <summary>Catalog facts the expression reads, in order of first mention.</summary>
    public IReadOnlyList<string> Facts { get; } = facts;

    private IReadOnlyList<object>? _literals;

    /// <summary>The expression's literals (strings, numbers, quantities, dates): what the absence probe tries.</summary>
    internal IReadOnlyList<object> Literals => _literals ??= AbsenceProbe.LiteralsOf(Compiled.Syntax);
}

/// <summary>One <c>pa-approval-duration</c> entry of a pathway.</summary>
/// <param name="LineOfBusiness">A <c>lineOfBusiness</c> code, or <c>*</c> for any.</param>
/// <param name="Unit">UCUM <c>mo</c>, <c>wk</c> or <c>d</c>.</param>
public sealed record ApprovalDuration(string LineOfBusiness, int Amount, string Unit, bool CapByRequest)
{
    /// <summary>The last day authorized when the authorization starts on <paramref name="start"/> (months calendar-wise).</summary>
    public DateOnly EndFrom(DateOnly start) => Unit switch
    {
        "mo" => start.AddMonths(Amount).AddDays(-1),
        "wk" => start.AddDays(7 * Amount - 1),
        _ => start.AddDays(Amount - 1),
    };

    public override string ToString() => $"{Amount} {Unit}";
}

/// <summary>A <c>pa-quantity-limit</c>: the requested <see cref="Fact"/> may not exceed <see cref="Maximum"/>.</summary>
public sealed record QuantityLimit(string Fact, PolicyExpression Maximum, string? Unit);

/// <summary>Where a referral pathway sends a request (<c>pa-referral</c> valueCode).</summary>
public enum ReferralKind
{
    /// <summary><c>contact-payer</c>: nothing this review decides (a line of business the policy does not govern): X12 CT.</summary>
    ContactPayer,
    /// <summary><c>review</c>: another policy of the payer decides (off-label use, formulary exception): A4 for a reviewer.</summary>
    Review,
}

/// <summary>One PlanDefinition action with its condition compiled.</summary>
public sealed class PolicyAction
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required ActionRole Role { get; init; }
    public required Citation Citation { get; init; }
    /// <summary>The citation's <c>display</c>: the policy's own words, short.</summary>
    public string? PolicyWords { get; init; }
    public PolicyExpression? Condition { get; init; }
    public SelectionBehavior Selection { get; init; } = SelectionBehavior.All;
    public IReadOnlyList<PolicyAction> Children { get; init; } = [];
    public IReadOnlyList<ApprovalDuration> Durations { get; init; } = [];
    public QuantityLimit? QuantityLimit { get; init; }
    public string? SubstituteProduct { get; init; }

    /// <summary>
    /// <c>pa-referral</c> on a pathway: the policy sends these requests elsewhere, so a pend on this pathway has nothing
    /// for the payer's form to document (docs/policy-format.md, "Referrals").
    /// </summary>
    public ReferralKind? Referral { get; init; }

    /// <summary>
    /// <c>pa-absent-means-not-met</c>: facts whose absence the policy text itself reads as "not met" here, each with
    /// the reason. Every other undocumented fact leaves a false condition unknown (<see cref="AbsenceProbe"/>).
    /// </summary>
    public IReadOnlyDictionary<string, string> AbsentMeansNotMet { get; init; } = new Dictionary<string, string>();

    /// <summary>Criterion children (not exclusions or modifications nested in a pathway), counted recursively.</summary>
    public int CriterionCount => Children.Sum(c => c.Role == ActionRole.Criterion ? 1 + c.CriterionCount : 0);
}

/// <summary>A validated policy (one PlanDefinition) ready to decide with.</summary>
public sealed class LoadedPolicy
{
    public required string File { get; init; }
    public required string Url { get; init; }
    public required string Version { get; init; }
    public string? Name { get; init; }
    public string? Title { get; init; }
    /// <summary>The PlanDefinition's publisher: the payer as people name it (<c>Wellmark Blue Cross and Blue Shield</c>).</summary>
    public string? Publisher { get; init; }
    public required string Status { get; init; }
    public required string Payer { get; init; }
    public required string Drug { get; init; }
    public required DateOnly EffectiveStart { get; init; }
    /// <summary>The last day the policy governs (inclusive); null when open-ended.</summary>
    public DateOnly? EffectiveEnd { get; init; }
    /// <summary>The policy as a reviewer names it (<c>Capital Blue Cross MP 2.371</c>).</summary>
    public required string PolicyName { get; init; }
    public string? PolicyUrl { get; init; }
    public required IReadOnlyList<PolicyAction> Actions { get; init; }

    /// <summary>
    /// <c>pa-policy-text-not-on-file</c>: this revision's text is not on file (the history records the change but not the
    /// older text), so every date of service it governs pends rather than being decided on another revision's text.
    /// </summary>
    public string? TextNotOnFile { get; init; }

    public bool InEffectOn(DateOnly date) => date >= EffectiveStart && (EffectiveEnd is null || date <= EffectiveEnd);

    public int CriterionCount => Actions.Sum(a => a.Role == ActionRole.Pathway ? a.CriterionCount : 0);

    public string EffectivePeriodText => $"{EffectiveStart:yyyy-MM-dd}..{(EffectiveEnd is { } e ? e.ToString("yyyy-MM-dd") : "")}";
}
