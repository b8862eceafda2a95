using System.Globalization;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Dtr;

namespace FhirPriorAuth.Server.Crd.Responses;

/// <summary>
/// Propose alternate request: a brand everolimus order (Afinitor, Afinitor Disperz, Zortress) under a policy that
/// requires generic everolimus becomes one suggestion updating the draft order to generic everolimus of the same form
/// and strength; the dose instructions stay as written.
/// </summary>
internal static class GenericAlternative
{
    private const string RxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";

    /// <summary>
    /// Generic products by form and strength whose NDC the project's code tables verify and read as generic
    /// (Products.cs); any other strength is coded by the everolimus ingredient with the product in the text.
    /// </summary>
    private static readonly Dictionary<(string Form, decimal Mg), string> GenericNdc = new()
    {
        [("tablet", 10m)] = "0054-0482",
        [("tablet", 7.5m)] = "72603-0256",
        [("tablet", 0.75m)] = "59651-0933",
        [("tablet for oral suspension", 3m)] = "60219-2280",
    };

    public static JsonObject? For(OrderAssessment a, HookResources resources)
    {
        if (!a.IsBrandEverolimus || a.Policy is null || a.Statement.Kind == CoverageKind.NotCovered
            || a.Evidence.Values("genericNotSuitable").OfType<bool>().Contains(true)
            || a.Order.Str("resourceType") != "MedicationRequest" || !resources.DraftOrders.Contains(a.Order))
            return null;
        var form = a.Product == "afinitor-disperz" ? "tablet for oral suspension" : "tablet";
        var strength = Strength(a.Order, resources);
        var product = strength is { } mg
            ? $"everolimus {mg.ToString("0.##", CultureInfo.InvariantCulture)} mg {form} (generic)"
            : $"everolimus {form} (generic), same strength as ordered";

        var updated = a.Order.DeepClone().AsObject();
        DropMedicationReference(updated);
        if (updated["extension"] is JsonArray extensions)
        {
            // The brand's coverage annotation does not hold for the generic.
            var kept = extensions.Where(e => e is not JsonObject o || o.Str("url") != CoverageInformation.Url).Select(e => e?.DeepClone()).ToList();
            if (kept.Count == 0)
                updated.Remove("extension");
            else
                updated["extension"] = new JsonArray([.. kept]);
        }
        var coding = strength is { } s && GenericNdc.TryGetValue((form, s), out var ndc)
            ? new JsonObject { ["system"] = CoverageInformation.Ndc, ["code"] = ndc, ["display"] = product }
            : new JsonObject { ["system"] = RxNorm, ["code"] = "141704", ["display"] = "everolimus" };
        updated["medicationCodeableConcept"] = new JsonObject { ["coding"] = new JsonArray(coding), ["text"] = product };

        var policyName = a.Policy.PolicyName;
        var card = CdsCards.Card(CrdConfiguration.TherapyAlternatives,
            $"{policyName}: use generic everolimus instead of {a.DrugName}",
            $"{policyName} approves Afinitor, Afinitor Disperz and Zortress requests only when generic everolimus is contraindicated "
            + "or not tolerated. The suggestion changes this order's medication to generic everolimus of the same form and strength "
            + "and keeps its dose instructions. If generic everolimus is not suitable, document why with the prior authorization request.",
            "info", a.PayerName, HookResources.Key(a.Order));
        return card.WithSuggestions("at-most-one",
        [
            CdsCards.Suggestion($"Order {product} instead", true,
                CdsCards.Action("update", $"Change {HookResources.Key(a.Order)} from {a.DrugName} to {product}", updated)),
        ]);
    }

    /// <summary>The milligrams per unit of the ordered Medication's (first) ingredient, when it states them.</summary>
    private static decimal? Strength(JsonObject order, HookResources resources)
    {
        var reference = order.Obj("medicationReference").Str("reference");
        var medication = reference is not null && reference.StartsWith('#')
            ? order.Objects("contained").FirstOrDefault(c => c.Str("id") == reference[1..])
            : resources.Resolve(reference);
        var numerator = medication.Objects("ingredient").FirstOrDefault().Obj("strength").Obj("numerator");
        if (numerator?["value"] is not JsonValue value || !value.TryGetValue<decimal>(out var amount) || amount <= 0)
            return null;
        var unit = numerator.Str("code") ?? numerator.Str("unit");
        return unit is "mg" ? amount : null;
    }

    private static void DropMedicationReference(JsonObject order)
    {
        var reference = order.Obj("medicationReference").Str("reference");
        order.Remove("medicationReference");
        if (reference is null || !reference.StartsWith('#') || order["contained"] is not JsonArray contained)
            return;
        // The contained brand Medication is no longer referenced (dom-3).
        foreach (var medication in contained.OfType<JsonObject>().Where(c => c.Str("id") == reference[1..]).ToList())
            contained.Remove(medication);
        if (contained.Count == 0)
            order.Remove("contained");
    }
}
