namespace FhirPriorAuth.Policies.Evidence.Extraction;

/// <summary>payer (Coverage.payor → Organization.identifier) and lineOfBusiness (Coverage.type SOPT, plan class).</summary>
internal static class CoverageFacts
{
    public static void Extract(ExtractionContext ctx)
    {
        var coverage = ctx.Coverage ?? ctx.Index.OfType("Coverage").FirstOrDefault(c => c.Json.Str("status") is null or "active");
        var payers = (coverage?.Json).Objs("payor").Select(p => ctx.Index.Resolve(p, coverage)).Append(ctx.Insurer);
        var payer = payers.Where(o => o is { Type: "Organization" })
            .Select(o => (Org: o!, Id: o!.Json.Objs("identifier").FirstOrDefault(i => i.Str("system") == Codes.PayerId).Str("value")))
            .FirstOrDefault(x => x.Id is not null);
        if (payer.Id is not null) ctx.Emit("payer", payer.Id, ExtractionContext.At(payer.Org, "Organization.identifier"));
        if (coverage is null) return;

        var plan = coverage.Json.Objs("class")
            .FirstOrDefault(c => FhirJson.Has(c.Obj("type"), Codes.CoverageClass, "plan")).Str("value");
        if (plan is not null && (ctx.Options.MarketplacePlans.Contains(plan, StringComparer.OrdinalIgnoreCase)
            || payer.Id is not null && ctx.Options.MarketplacePlansByPayer.TryGetValue(payer.Id, out var payerPlans)
                && payerPlans.Contains(plan, StringComparer.OrdinalIgnoreCase)))
        {
            ctx.Emit("lineOfBusiness", "marketplace", ExtractionContext.At(coverage, "Coverage.class"));
            return;
        }
        if (FhirJson.CodeIn(coverage.Json.Obj("type"), Codes.Sopt) is { Length: > 0 } sopt)
            ctx.Emit("lineOfBusiness", sopt[0] switch { '1' => "medicare", '2' => "medicaid", '5' or '6' => "commercial", _ => "other" },
                ExtractionContext.At(coverage, "Coverage.type"));
    }
}
