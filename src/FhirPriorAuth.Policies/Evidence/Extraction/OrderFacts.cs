using System.Text.Json.Nodes;

namespace FhirPriorAuth.Policies.Evidence.Extraction;

/// <summary>
/// Facts from the orders (MedicationRequest, ServiceRequest): the product, the dose and its length, the requester,
/// and for CRD, where there is no Claim, the date and the benefit.
/// </summary>
internal static class OrderFacts
{
    public static void Extract(ExtractionContext ctx, bool fromClaim)
    {
        foreach (var order in ctx.Orders)
        {
            var (concept, medication, path) = Medication(ctx, order);
            if (!fromClaim && ctx.ServiceDate is null) ServiceDate(ctx, order);
            // Orders for anything else (a steroid, an antiemetic) say nothing about the request's dose or prescriber.
            if (Products.Identify(concept) is not { } product) continue;
            // Deciding one line of a multi-drug request: an order for another drug is another line's order.
            if (ctx.Line is not null && ctx.Drug is { } lineDrug && product.Drug != lineDrug) continue;
            ProductFacts.Emit(ctx, product, ExtractionContext.At(medication ?? order, path));
            if (!fromClaim)
                // Without a claim line: Lutathera is given in clinic (medical); an oral drug is dispensed by a
                // pharmacy unless it is coded as a medical-benefit HCPCS (J7527).
                ctx.Emit("benefit", product.Drug == "lutathera" || product.System == Codes.Hcpcs ? "medical" : "pharmacy",
                    ExtractionContext.At(order, path));
            if (order.Json.Obj("requester") is { } requester) ctx.Prescribers.Add((requester, order));
            Doses(ctx, order, product);
            Dose.DailyDose(ctx, order, medication);
            RequestedDays(ctx, order);
        }
    }

    /// <summary>The medication concept of an order: medication[x] (following a reference to Medication.code) or ServiceRequest.code.</summary>
    private static (JsonObject? Concept, IndexedResource? Medication, string Path) Medication(ExtractionContext ctx, IndexedResource order)
    {
        if (order.Json.Obj("medicationCodeableConcept") is { } cc) return (cc, null, $"{order.Type}.medicationCodeableConcept");
        if (ctx.Index.Resolve(order.Json.Obj("medicationReference"), order) is { } med) return (med.Json.Obj("code"), med, "Medication.code");
        if (order.Type == "ServiceRequest") return (order.Json.Obj("code"), null, "ServiceRequest.code");
        return (null, null, "");
    }

    private static void ServiceDate(ExtractionContext ctx, IndexedResource order)
    {
        var json = order.Json;
        var (day, path) = FhirJson.Day(json.Obj("dispenseRequest").Obj("validityPeriod").Str("start")) is { } v
                ? (v, "MedicationRequest.dispenseRequest.validityPeriod.start")
            : FhirJson.Day(json.Str("occurrenceDateTime") ?? json.Obj("occurrencePeriod").Str("start")) is { } o
                ? (o, "ServiceRequest.occurrence")
            : FhirJson.Day(json.Str("authoredOn")) is { } a ? (a, $"{order.Type}.authoredOn")
            : ((DateOnly?)null, "");
        if (day is not { } date) return;
        ctx.ServiceDateValue = date;
        ctx.ServiceDate = ctx.Emit("serviceDate", date, ExtractionContext.At(order, path));
    }

    // "The order's dose count": the repeat count of the dosage timing, a quantity in mCi, or a ServiceRequest quantity.
    private static void Doses(ExtractionContext ctx, IndexedResource order, ProductIdentity product)
    {
        if (product.Drug != "lutathera") return;
        var json = order.Json;
        var timingCount = json.Objs("dosageInstruction").Select(d => d.Obj("timing").Obj("repeat").Dec("count")).FirstOrDefault(c => c is not null);
        if (timingCount is { } count and > 0)
        {
            ctx.Emit("dosesRequested", (int)count, ExtractionContext.At(order, "MedicationRequest.dosageInstruction.timing.repeat.count"));
            return;
        }
        var quantity = json.Obj("dispenseRequest").Obj("quantity") ?? json.Obj("quantityQuantity");
        if (quantity is null || quantity.Dec("value") is not { } value || value <= 0) return;
        var unit = Units.UnitOf(quantity);
        var doses = LutatheraActivity.Doses(value, unit) is { } fromActivity ? fromActivity
            : unit is null or "{dose}" or "dose" or "doses" ? value : (decimal?)null;
        if (doses is { } d && d == decimal.Truncate(d))
            ctx.Emit("dosesRequested", (int)d, ExtractionContext.At(order, order.Type == "ServiceRequest" ? "ServiceRequest.quantity" : "MedicationRequest.dispenseRequest.quantity"));
    }

    // The supply asked for: expected supply duration times the fills (first fill plus refills).
    private static void RequestedDays(ExtractionContext ctx, IndexedResource order)
    {
        var dispense = order.Json.Obj("dispenseRequest");
        if (dispense.Obj("expectedSupplyDuration") is not { } duration || Units.Convert(duration, "d") is not { } days || days <= 0) return;
        var fills = 1 + (dispense.Dec("numberOfRepeatsAllowed") ?? 0);
        ctx.Emit("requestedDays", (int)decimal.Floor(days * fills), ExtractionContext.At(order, "MedicationRequest.dispenseRequest"));
    }
}
