using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Artifacts;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.Crd.Responses;

/// <summary>
/// Answers a CRD hook call from the payer's policies: one Coverage Information system action per order in scope
/// (always, on primary hooks, as long as the request carries a Coverage and its configuration does not turn coverage
/// information off), and cards: the coverage decision, the
/// policy's instructions and link, a generic alternative for brand everolimus and the orders a Lutathera course needs.
/// Cards obey the request's configuration (each card type can be turned off) and <c>max-cards</c>, most important first.
/// </summary>
internal sealed class CrdResponder(PolicyCatalog catalog, IOptions<CrdResponseOptions> options) : ICrdResponder
{
    private readonly CoverageAssessor _assessor = new(catalog);

    public JsonObject Respond(CrdCall call)
    {
        var resources = HookResources.From(call.Hook, call.Request);
        var assessments = resources.Targets.Select(t => _assessor.Assess(call, resources, t)).ToList();

        var systemActions = new JsonArray();
        // The coverage-info option covers the annotation as well as its card (discovery says so; CRD 2.2 resp-28).
        if (resources.Coverage is { } coverage && call.Configuration.Allows(CrdConfiguration.CoverageInfo))
            foreach (var assessment in assessments)
                systemActions.Add(CoverageInformation.Action(assessment, coverage, call));

        var cards = Cards(call, resources, assessments)
            .Where(c => call.Configuration.Allows(CdsCards.TypeOf(c)!))
            .Take(call.Configuration.MaxCardCount)
            .ToList();
        if (RequestsVersion22(call.Request))
            foreach (var card in cards)
                card["source"]!["topic"]!["system"] = CdsCards.CardTypeSystem22;
        var response = new JsonObject { ["cards"] = new JsonArray([.. cards]) };
        if (systemActions.Count > 0)
            response["systemActions"] = systemActions;
        return response;
    }

    /// <summary>CRD 2.2 moved the card types to a THO code system (same codes); a client asking for 2.2 gets that system.</summary>
    private static bool RequestsVersion22(JsonObject request) =>
        request["extension"] is JsonObject extension && extension["davinci-crd.requestedVersion"] is JsonValue version
        && version.TryGetValue<string>(out var text) && text.StartsWith("2.2", StringComparison.Ordinal);

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
