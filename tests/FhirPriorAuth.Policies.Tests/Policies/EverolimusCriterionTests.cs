using FhirPriorAuth.Policies.Decisions;

namespace FhirPriorAuth.Policies.Tests.Policies;

/// <summary>
/// Every criterion of CP.PHAR.63 sections I and II: a qualifying patient with one fact changed, decided from plain
/// facts, from a structured PAS bundle and from DTR answers. Each row names the criterion, the outcome it must have,
/// and the action the request must get; a denial must cite the criterion's section and item, a pend must say what
/// to document.
/// </summary>
public sealed class EverolimusCriterionTests
{
    public static IEnumerable<TheoryDataRow<EvidenceRoute, string, string, string, string, CriterionOutcome, ReviewAction>> InitialRows =>
        CriterionCase.Rows(EverolimusCriteria.BreastCancer.Concat(EverolimusCriteria.NeuroendocrineTumor)
            .Concat(EverolimusCriteria.RenalCellCarcinoma).Concat(EverolimusCriteria.RenalAngiomyolipoma)
            .Concat(EverolimusCriteria.Sega).Concat(EverolimusCriteria.TscSeizures)
            .Concat(EverolimusCriteria.OrganRejection).Concat(EverolimusCriteria.NccnCompendium));

    public static IEnumerable<TheoryDataRow<EvidenceRoute, string, string, string, string, CriterionOutcome, ReviewAction>> ContinuationRows =>
        CriterionCase.Rows(EverolimusCriteria.ContinuedTherapy);

    [Theory]
    [MemberData(nameof(InitialRows))]
    public void Initial_approval_criterion(EvidenceRoute route, string pathway, string criterion, string label, string change,
        CriterionOutcome outcome, ReviewAction action) =>
        Check(route, pathway, criterion, label, change, outcome, action);

    [Theory]
    [MemberData(nameof(ContinuationRows))]
    public void Continued_therapy_criterion(EvidenceRoute route, string pathway, string criterion, string label, string change,
        CriterionOutcome outcome, ReviewAction action) =>
        Check(route, pathway, criterion, label, change, outcome, action);

    private static void Check(EvidenceRoute route, string pathway, string criterion, string label, string change,
        CriterionOutcome outcome, ReviewAction action)
    {
        var request = EverolimusRequest.Qualifying(pathway).With(change);

        var decision = EverolimusPolicy.Decide(request, route);

        var result = decision.Criterion(criterion);
        Assert.Equal(outcome, result.Outcome);
        Assert.Equal(new Citation(EverolimusPolicy.Name, label), result.Citation with { Url = null });
        Assert.Contains($"({EverolimusPolicy.Name}, {label}", result.Reason, StringComparison.Ordinal);
        Assert.True(action == decision.Action, $"expected {action}, got {decision.Action}: {decision.Summary}");
        switch (action)
        {
            case ReviewAction.Denied:
                // The denial names the failed criterion with its section and item.
                Assert.Contains($"{EverolimusPolicy.Name}, {label}", decision.Summary, StringComparison.Ordinal);
                Assert.Null(decision.Authorization);
                break;
            case ReviewAction.Pended when outcome == CriterionOutcome.Unknown:
                // The pend asks for documentation this criterion reads.
                var asked = EverolimusPolicy.FactsRead(criterion).Select(ReasonText.FactName);
                Assert.Contains(asked, decision.MissingDocumentation.Contains);
                // Without any diagnosis every indication is open; the engine asks for the closest one, which may be another.
                if (!change.Contains("-diagnosis", StringComparison.Ordinal))
                    Assert.Contains($"{EverolimusPolicy.Name}, {label}", decision.Summary, StringComparison.Ordinal);
                break;
            case ReviewAction.Pended:
                // The criterion failed, yet the request is not denied: a use the policy does not list (a diagnosis, an
                // age) goes to off-label review (I.I / II.B), or another indication the diagnosis opens asks for its
                // documentation (a renal angiomyolipoma without TSC may be I.H's recurrent angiomyolipoma).
                Assert.True(System.Text.RegularExpressions.Regex.IsMatch(decision.Summary, @"Centene CP\.PHAR\.63, II?\.[IB]\.2")
                    || decision.MissingDocumentation.Count > 0, decision.Summary);
                break;
            default:
                Assert.NotNull(decision.Authorization);
                break;
        }
    }
}
