using System.Text;
using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Decisions;

namespace FhirPriorAuth.Server.Crd.Responses;

/// <summary>
/// The coverage-info card: the decision in one line for the clinician, the policy's reasons in the detail, and, when
/// documentation is needed and a DTR app is configured, a SMART link that opens the payer's form for this order.
/// </summary>
internal static class CoverageCard
{
    public static JsonObject? For(OrderAssessment a, CrdCall call, string? dtrLaunchUrl)
    {
        var s = a.Statement;
        var summary = s.Kind switch
        {
            CoverageKind.PriorAuthNeeded when a.Decision?.Action == ReviewAction.Approved =>
                $"{a.DrugName}: {a.PayerName} requires prior authorization; the record sent meets {a.Policy!.PolicyName}",
            CoverageKind.PriorAuthNeeded when a.Decision?.Action == ReviewAction.Modified =>
                $"{a.DrugName}: {a.PayerName} requires prior authorization; {a.Policy!.PolicyName} limits this request",
            CoverageKind.PriorAuthNeeded when s.DocumentationNeeded && !CoverageInformation.IsSecondary(call.Hook) =>
                $"{a.DrugName}: {a.PayerName} requires prior authorization with clinical documentation",
            CoverageKind.PriorAuthNeeded => $"{a.DrugName}: {a.PayerName} requires prior authorization",
            CoverageKind.AuthorizationOnFile =>
                $"{a.DrugName}: {a.PayerName} prior authorization {s.SatisfiedPaId} already covers this order",
            CoverageKind.NotCovered => $"{a.DrugName} is not covered as requested under {a.Policy!.PolicyName}",
            CoverageKind.PolicyRetired => $"{a.DrugName}: {a.RetiredPolicy!.PolicyName} is retired; contact {a.PayerName} about coverage",
            CoverageKind.PharmacyBenefit => $"{a.DrugName}: pharmacy benefit; ask the pharmacy benefit manager about prior authorization",
            CoverageKind.ContactPayer => $"{a.DrugName}: no {a.PayerName} policy applies here; contact {a.PayerName} about coverage",
            CoverageKind.MedicationUnknown => $"Ordered medication not identified; contact {a.PayerName} about coverage",
            CoverageKind.UnknownPayer => "Coverage requirements unknown: this service holds no policies for the member's payer",
            CoverageKind.MemberNotFound => $"{a.PayerName} could not find the member named by the Coverage",
            _ => null,
        };
        if (summary is null)
            return null;
        var indicator = s.Kind is CoverageKind.NotCovered or CoverageKind.MemberNotFound ? "warning" : "info";
        var card = CdsCards.Card(CrdConfiguration.CoverageInfo, summary, Detail(a), indicator, a.PayerName, HookResources.Key(a.Target));
        if (dtrLaunchUrl is not null && s.DocumentationNeeded && a.Questionnaire is { } questionnaire
            && !CoverageInformation.IsSecondary(call.Hook))
            card.WithLink($"Complete the {a.PayerName} documentation form", dtrLaunchUrl, "smart", AppContext(questionnaire, a));
        return card;
    }

    /// <summary>
    /// The legacy DTR appContext (the CRD reference implementation's format, which DTR apps still read as a fallback):
    /// <c>questionnaire=…&amp;order=Type/id&amp;coverage=Coverage/id</c>, each value URL-encoded.
    /// </summary>
    private static string AppContext(string questionnaire, OrderAssessment a)
    {
        var text = new StringBuilder("questionnaire=").Append(Uri.EscapeDataString(questionnaire))
            .Append("&order=").Append(Uri.EscapeDataString(HookResources.Key(a.Order)));
        if (a.CoverageKey is { } coverage)
            text.Append("&coverage=").Append(Uri.EscapeDataString(coverage));
        return text.ToString();
    }

    private static string Detail(OrderAssessment a)
    {
        var text = new StringBuilder(a.Statement.Reason);
        // On file: the authorization decides, not what this order's record would show today.
        if (a.Decision is { } decision && a.Statement.Kind != CoverageKind.AuthorizationOnFile)
        {
            var lines = decision.Summary.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
            if (lines.Count > 0)
                text.Append("\n\n").AppendJoin("\n", lines.Select(l => "- " + l));
            if (a.Policy is { } policy)
                text.Append("\n\nPolicy: ").Append(policy.PolicyName).Append(" (in effect ").Append(policy.EffectivePeriodText).Append(").");
        }
        return text.ToString();
    }
}
