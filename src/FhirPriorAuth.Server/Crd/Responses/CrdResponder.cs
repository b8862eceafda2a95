using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Artifacts;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.Crd.Responses;

/// <summary>
/// Answers a CRD hook call from the payer's policies: one Coverage Information system action per order in scope
/// (always, on primary hooks, as long as the request carries a Coverage and its configuration does not turn coverage
/// information off), and cards: the coverage decision, the
/// policy's instructions and link, a generic alternative for brand everolimus and the orders a Lutathera course needs.
/// A client asking for CRD 2.2 gets the 2.2 rules too (<see cref="Crd22"/>).
/// Cards obey the request's configuration (each card type can be turned off) and <c>max-cards</c>, most important first.
/// </summary>
internal sealed class CrdResponder(PolicyCatalog catalog, IOptions<CrdResponseOptions> options) : ICrdResponder
{
    private readonly CoverageAssessor _assessor = new(catalog);
    private readonly IReadOnlySet<string> _payers = catalog.Policies.Select(p => p.Payer).ToHashSet(StringComparer.Ordinal);

    public JsonObject Respond(CrdCall call)
    {
        var resources = HookResources.From(call.Hook, call.Request);
        var version22 = Crd22.Requested(call.Request);
        if (version22)
            Crd22.RequireHandledPayer(resources, _payers);
        var assessments = resources.Targets.Select(t => _assessor.Assess(call, resources, t)).ToList();
        if (version22)
            assessments = [.. assessments.Select(a => As22(a, resources))];

        var systemActions = new JsonArray();
        // The coverage-info option covers the annotation as well as its card (discovery says so; CRD 2.2 resp-28).
        if (resources.Coverage is { } coverage && call.Configuration.Allows(CrdConfiguration.CoverageInfo))
            foreach (var assessment in assessments)
                systemActions.Add(CoverageInformation.Action(assessment, coverage, call));

        var cards = Cards(call, resources, assessments)
            .Where(c => call.Configuration.Allows(CdsCards.TypeOf(c)!))
            .Take(call.Configuration.MaxCardCount)
            .ToList();
        if (version22)
            foreach (var card in cards)
                card["source"]!["topic"]!["system"] = CdsCards.CardTypeSystem22;
        var response = new JsonObject { ["cards"] = new JsonArray([.. cards]) };
        if (systemActions.Count > 0)
            response["systemActions"] = systemActions;
        return response;
    }

    // CRD 2.2 resp-43/resp-44 (Crd22): a member the Coverage does not identify; an order the payer could not judge for
    // technical reasons. A 2.0.1 client keeps the 2.0.1 answer (conditional, contact the payer).
    private static OrderAssessment As22(OrderAssessment a, HookResources resources)
    {
        if (resources.Coverage is { } coverage && Crd22.MemberNotFound(coverage) && a.Drug is not null)
            return a with { Statement = Crd22.NoMemberFound(a.PayerName) };
        if (a.Statement.Kind == CoverageKind.MedicationUnknown)
            return a with { Statement = Crd22.Indeterminate(a.Statement) };
        return a;
    }

    /// <summary>Every card the call merits, most important first: coverage, alternatives, instructions, links, companions.</summary>
    private IEnumerable<JsonObject> Cards(CrdCall call, HookResources resources, List<OrderAssessment> assessments)
    {
        var settings = options.Value;
        var launch = string.IsNullOrWhiteSpace(settings.DtrLaunchUrl) ? null : settings.DtrLaunchUrl.Trim();
        var ordering = call.Hook is "order-sign" or "order-select";

        if (resources.Coverage is null && assessments.Any(a => a.Drug is not null))
            yield return CdsCards.Card(CrdConfiguration.CoverageInfo,
                "Coverage requirements unknown: the request carries no active Coverage for the patient",
                "Without the patient's Coverage this service cannot tell which payer policy applies. Send the active Coverage "
                + "(prefetch key 'coverage') to learn whether prior authorization is needed.", "info", "Prior authorization service");

        // The unknown-payer answer is the same for every order: said once.
        var unknownPayer = false;
        foreach (var a in assessments)
        {
            if (a.Statement.Kind == CoverageKind.UnknownPayer)
            {
                if (resources.Coverage is null || unknownPayer)
                    continue;
                unknownPayer = true;
            }
            if (resources.Coverage is not null && CoverageCard.For(a, call, launch) is { } card)
                yield return card;
        }
        if (ordering)
            foreach (var a in assessments)
                if (GenericAlternative.For(a, resources) is { } card)
                    yield return card;
        // Instructions and the policy link once per policy, even when several orders fall under it.
        foreach (var a in assessments.Where(a => a.Policy is not null).DistinctBy(a => a.Policy))
            if (PolicyGuidance.Instructions(a) is { } card)
                yield return card;
        foreach (var a in assessments.Where(a => (a.Policy ?? a.RetiredPolicy) is not null).DistinctBy(a => a.Policy ?? a.RetiredPolicy))
            if (PolicyGuidance.Reference(a, settings.PolicyLinks, call.ServerBase) is { } card)
                yield return card;
        if (ordering)
            foreach (var a in assessments.Where(a => a.Drug == "lutathera").Take(1))
                if (LutatheraCompanions.For(a, resources, call.Now) is { } card)
                    yield return card;
    }
}
