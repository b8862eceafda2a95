namespace FhirPriorAuth.Policies.Evidence.Extraction;

/// <summary>drug, product and brandRequested from one identified product code.</summary>
internal static class ProductFacts
{
    public static void Emit(ExtractionContext ctx, ProductIdentity product, FactSource source)
    {
        ctx.Drug ??= product.Drug;
        ctx.Emit("drug", product.Drug, source);
        if (product.Product is not null) ctx.Emit("product", product.Product, source);
        // Brand vs generic matters for everolimus only; Lutathera has no generic.
        if (product.Drug == "everolimus" && product.Brand is { } brand) ctx.Emit("brandRequested", brand, source);
        if (product.Form is { } form) ctx.Emit("dosageForm", form, source);
    }
}
