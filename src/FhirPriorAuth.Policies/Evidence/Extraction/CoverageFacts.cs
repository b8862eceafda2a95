namespace FhirPriorAuth.Policies.Evidence.Extraction;

/// <summary>payer (Coverage.payor → Organization.identifier) and lineOfBusiness (Coverage.type SOPT, plan class).</summary>
internal static class CoverageFacts
{
    public static void Extract(ExtractionContext ctx)
    {
        var coverage = ctx.Coverage ?? ctx.Index.OfType("Coverage").FirstOrDefault(c => c.Json.Str("status") is null or "active");
        if (coverage is null) return;
        foreach (var payor in coverage.Json.Objs("payor"))
        {
            if (ctx.Index.Resolve(payor, coverage) is not { Type: "Organization" } org) continue;
            var id = org.Json.Objs("identifier").FirstOrDefault(i => i.Str("system") == Codes.PayerId).Str("value");
            if (id is not null) { ctx.Emit("payer", id, ExtractionContext.At(org, "Organization.identifier")); break; }
        }

        var plan = coverage.Json.Objs("class")
            .FirstOrDefault(c => FhirJson.Has(c.Obj("type"), Codes.CoverageClass, "plan")).Str("value");
        if (plan is not null && ctx.Options.MarketplacePlans.Contains(plan, StringComparer.OrdinalIgnoreCase))
        {
            ctx.Emit("lineOfBusiness", "marketplace", ExtractionContext.At(coverage, "Coverage.class"));
            return;
        }
        if (FhirJson.CodeIn(coverage.Json.Obj("type"), Codes.Sopt) is { Length: > 0 } sopt)
            ctx.Emit("lineOfBusiness", sopt[0] switch { '1' => "medicare", '2' => "medicaid", '5' or '6' => "commercial", _ => "other" },
                ExtractionContext.At(coverage, "Coverage.type"));
    }
}
