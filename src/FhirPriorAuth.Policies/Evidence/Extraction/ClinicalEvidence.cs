namespace FhirPriorAuth.Policies.Evidence.Extraction;

/// <summary>
/// The one resource-walking core behind the PAS and CRD extractors: once the request-specific part (the Claim, or
/// the draft orders) has set the date of service, the orders and the coverage, every other fact is read here.
/// </summary>
internal static class ClinicalEvidence
{
    public static void Extract(ExtractionContext ctx, bool fromClaim)
    {
        OrderFacts.Extract(ctx, fromClaim);
        CoverageFacts.Extract(ctx);
        PatientFacts.Extract(ctx);
        ObservationFacts.Extract(ctx);
        var therapy = TherapyFacts.Records(ctx);
        TherapyFacts.Extract(ctx, therapy);
        LabFacts.Extract(ctx, therapy);
        TherapyFacts.Conclusions(ctx, therapy);
        PrescriberFacts.Extract(ctx);
    }
}
