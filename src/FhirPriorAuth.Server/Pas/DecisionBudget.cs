using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Artifacts;
using FhirPriorAuth.Policies.Decisions;
using FhirPriorAuth.Policies.Evidence;
using FhirPriorAuth.Policies.Evidence.Extraction;

namespace FhirPriorAuth.Server.Pas;

/// <summary>
/// Decides a request's lines within the PAS response window: a decision that is not ready in time is not waited for
/// (the submitter would time out) but pended, so a reviewer decides it and the submitter hears through $inquire or a
/// subscription. The late decision runs to its end in the background and is dropped.
/// </summary>
internal static class DecisionBudget
{
    public const string NotDecidedInTime =
        "Not decided automatically within the PAS response time; pended for clinical review. The decision will follow.";

    public static async Task<IReadOnlyList<ItemDecision>> DecideAsync(JsonObject claim, JsonObject bundle, DateOnly today,
        PolicyCatalog catalog, TimeSpan budget, CancellationToken ct)
    {
        if (budget <= TimeSpan.Zero)
            return PendAll(claim);
        var deciding = Task.Run(() => ItemDecision.DecideAll(claim, line => PasBundleEvidence.Extract(bundle, today, catalog.EvidenceOptions, line), catalog), CancellationToken.None);
        try
        {
            return await deciding.WaitAsync(budget, ct);
        }
        catch (TimeoutException)
        {
            return PendAll(claim);
        }
    }

    // Lines for a policy drug (or the one line of a single-line request) go to review; others need no authorization.
    private static IReadOnlyList<ItemDecision> PendAll(JsonObject claim)
    {
        var items = (claim["item"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        return [.. items.Select(item =>
        {
            var sequence = item["sequence"]!.GetValue<int>();
            if (items.Count > 1 && Products.Identify(item["productOrService"] as JsonObject) is null)
                return new ItemDecision(sequence, ActionCode.NoActionRequired, [ItemDecision.NotRequired], null);
            var pended = new Decision(ReviewAction.Pended, null, null, NotDecidedInTime, [], null, [], []);
            return new ItemDecision(sequence, ActionCode.Pended, [NotDecidedInTime], pended);
        })];
    }
}
