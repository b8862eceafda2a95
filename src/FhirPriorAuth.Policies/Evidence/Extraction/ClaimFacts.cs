using System.Text.Json.Nodes;

namespace FhirPriorAuth.Policies.Evidence.Extraction;

/// <summary>Facts a PAS Claim states itself: the date of service, the line requested, the certification type.</summary>
internal static class ClaimFacts
{
    public static void Extract(ExtractionContext ctx, IndexedResource claim)
    {
        var json = claim.Json;
        var items = json.Objs("item").ToList();
        // The line being decided; else the line for one of the policies' drugs; otherwise the first line still dates the request.
        var index = ctx.Line is { } line ? items.FindIndex(i => i.Dec("sequence") == line) : -1;
        if (index < 0) index = items.FindIndex(i => Products.Identify(i.Obj("productOrService")) is not null);
        if (index < 0) index = 0;
        var item = items.ElementAtOrDefault(index);
        var at = $"Claim.item[{index}]";

        ServiceDate(ctx, claim, item, at);
        if (item is not null) Line(ctx, claim, item, at);
        Certification(ctx, claim, item, at);
        Diagnoses(ctx, claim);

        if (json.Obj("provider") is { } provider) ctx.Prescribers.Add((provider, claim));
        foreach (var member in json.Objs("careTeam"))
            if (member.Obj("provider")?.Str("reference") is not { } r || r != json.Obj("provider")?.Str("reference"))
                ctx.Consultants.Add((member, claim));
        var insurance = json.Objs("insurance").FirstOrDefault(i => i.Bool("focal") == true) ?? json.Objs("insurance").FirstOrDefault();
        ctx.Coverage = ctx.Index.Resolve(insurance.Obj("coverage"), claim);
        ctx.Insurer = ctx.Index.Resolve(json.Obj("insurer"), claim);
        if (ctx.Index.Resolve(json.Obj("prescription"), claim) is { } order) ctx.Orders.Add(order);
    }

    private static void ServiceDate(ExtractionContext ctx, IndexedResource claim, JsonObject? item, string at)
    {
        var (day, expression) = FhirJson.Day(item.Str("servicedDate")) is { } d ? (d, $"{at}.servicedDate")
            : FhirJson.Day(item.Obj("servicedPeriod").Str("start")) is { } s ? (s, $"{at}.servicedPeriod.start")
            : FhirJson.Day(claim.Json.Str("created")) is { } c ? (c, "Claim.created")
            : ((DateOnly?)null, "");
        if (day is not { } date) return;
        ctx.ServiceDateValue = date;
        ctx.ServiceDate = ctx.Emit("serviceDate", date, ExtractionContext.At(claim, expression));

        if (FhirJson.Day(item.Obj("servicedPeriod").Str("end")) is { } end && end >= date)
            ctx.Emit("requestedDays", end.DayNumber - date.DayNumber + 1, ExtractionContext.At(claim, $"{at}.servicedPeriod"));
    }

    private static void Line(ExtractionContext ctx, IndexedResource claim, JsonObject item, string at)
    {
        var productOrService = item.Obj("productOrService");
        var pharmacyClaim = FhirJson.Codings(claim.Json.Obj("type")).Any(c => c.Code == "pharmacy");
        if (Products.Identify(productOrService) is not { } product) return;
        var source = ExtractionContext.At(claim, $"{at}.productOrService");
        ProductFacts.Emit(ctx, product, source);
        ctx.Emit("benefit", pharmacyClaim ? "pharmacy" : "medical", ExtractionContext.At(claim, "Claim.type"));

        // A9513 is billed per mCi (a quantity without a unit is in mCi); a quantity in GBq/MBq is converted: 29.6 GBq is
        // 4 doses of 7.4 GBq. Any Lutathera line whose quantity is an activity counts doses the same way.
        var quantity = item.Obj("quantity");
        var unit = quantity is null ? null : Units.UnitOf(quantity);
        var a9513 = product.Code.Equals("A9513", StringComparison.OrdinalIgnoreCase);
        if (product.Drug == "lutathera" && quantity.Dec("value") is { } amount
            && LutatheraActivity.Doses(amount, unit ?? (a9513 ? "mCi" : null)) is { } doses)
            ctx.Emit("dosesRequested", doses, ExtractionContext.At(claim, $"{at}.quantity"));
        else if (product.Drug == "lutathera" && product.System == Codes.Ndc)
            // An NDC line counts vials or mL, not doses; the dose count then has to come from the order or DTR.
            ctx.Note($"{claim.Reference} ({at}.quantity): Lutathera billed by NDC; doses requested not read from the quantity");
    }

    private static void Certification(ExtractionContext ctx, IndexedResource claim, JsonObject? item, string at)
    {
        var (extension, path) = Extension(item) is { } e ? (e, $"{at}.extension(certificationType)")
            : Extension(claim.Json) is { } c ? (c, "Claim.extension(certificationType)") : (null, "");
        if (extension is null) return;
        var code = FhirJson.Codings(extension.Obj("valueCodeableConcept") ?? extension.Obj("valueCoding"))
            .Select(x => x.Code).FirstOrDefault(x => x is not null);
        if (code is not null && Codes.CertificationTypes.TryGetValue(code, out var type))
            ctx.Emit("certificationType", type, ExtractionContext.At(claim, path));
        else if (code is not null)
            ctx.Note($"{claim.Reference}: certification type '{code}' is not a request for therapy");
    }

    private static JsonObject? Extension(JsonObject? holder) =>
        holder.Objs("extension").FirstOrDefault(x => x.Str("url") == Codes.CertificationTypeUrl);

    private static void Diagnoses(ExtractionContext ctx, IndexedResource claim)
    {
        var i = 0;
        foreach (var diagnosis in claim.Json.Objs("diagnosis"))
        {
            var at = $"Claim.diagnosis[{i++}]";
            if (FhirJson.CodeIn(diagnosis.Obj("diagnosisCodeableConcept"), Codes.Icd10) is { } code)
                PatientFacts.Diagnosis(ctx, code, ExtractionContext.At(claim, at + ".diagnosisCodeableConcept"));
            // diagnosisReference points at a Condition, which PatientFacts reads anyway.
        }
    }
}
