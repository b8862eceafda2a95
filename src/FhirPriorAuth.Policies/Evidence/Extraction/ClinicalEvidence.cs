namespace FhirPriorAuth.Policies.Evidence.Extraction;

/// <summary>
/// The one resource-walking core behind the PAS and CRD extractors: once the request-specific part (the Claim, or
/// the draft orders) has set the date of service, the orders and the coverage, every other fact is read here.
/// </summary>
internal static class ClinicalEvidence
{
    public static void Extract(ExtractionContext ctx, bool fromClaim)
    {
        Guarded(ctx, "orders", () => OrderFacts.Extract(ctx, fromClaim));
        Guarded(ctx, "coverage", () => CoverageFacts.Extract(ctx));
        Guarded(ctx, "patient", () => PatientFacts.Extract(ctx));
        Guarded(ctx, "observations", () => ObservationFacts.Extract(ctx));
        var therapy = new List<TherapyRecord>();
        Guarded(ctx, "therapy history", () => therapy = TherapyFacts.Records(ctx));
        Guarded(ctx, "therapy", () => TherapyFacts.Extract(ctx, therapy));
        Guarded(ctx, "laboratory results", () => LabFacts.Extract(ctx, therapy));
        Guarded(ctx, "therapy conclusions", () => TherapyFacts.Conclusions(ctx, therapy));
        Guarded(ctx, "prescriber", () => PrescriberFacts.Extract(ctx));
    }

    /// <summary>
    /// Runs one group of extractors so that absurd content (a weight of 10^28 kg overflowing a formula) costs that
    /// group's facts, noted, rather than the whole request's evidence.
    /// </summary>
    public static void Guarded(ExtractionContext ctx, string what, Action extract)
    {
        try { extract(); }
        catch (Exception ex) when (ex is ArithmeticException or ArgumentException or InvalidOperationException or FormatException)
        {
            ctx.Note($"{what} not read: {ex.Message}");
        }
    }
}
