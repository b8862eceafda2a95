using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Resources;
using FhirPriorAuth.Policies.Evidence.Extraction;

namespace FhirPriorAuth.Policies.Evidence;

/// <summary>The facts of a PAS request Bundle (Claim/$submit), per shared/clinical-evidence.md.</summary>
public static class PasBundleEvidence
{
    /// <summary>
    /// Reads every fact the bundle documents: the Claim (date of service, line, certification type, diagnoses), the
    /// Coverage and payer, the patient, orders, Observations, therapy history and labs, and the answers of any
    /// QuestionnaireResponse in the bundle (merged, so a chart/answer disagreement shows as a conflict). Never throws
    /// on odd content: what cannot be read is skipped, and noted in <see cref="EvidenceSet.Notes"/>.
    /// </summary>
    /// <param name="today">The date ages and washouts count to when the request has no date (default: today, UTC).</param>
    public static EvidenceSet Extract(JsonObject bundle, DateOnly? today = null, EvidenceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        options ??= EvidenceOptions.Default;
        if (bundle.Str("resourceType") != "Bundle")
        {
            var empty = new EvidenceSet();
            empty.AddNote("not a Bundle");
            return empty;
        }
        var index = new ResourceIndex(new Bundle(bundle));
        var ctx = new ExtractionContext(index, options, today ?? DateOnly.FromDateTime(DateTime.UtcNow));

        if (index.OfType("Claim").FirstOrDefault() is { } claim) ClinicalEvidence.Guarded(ctx, "claim", () => ClaimFacts.Extract(ctx, claim));
        else ctx.Note("the bundle has no Claim");
        // Without Claim.prescription, the bundle's orders are what the claim line asks for.
        if (ctx.Orders.Count == 0) ctx.Orders.AddRange(index.OfType("MedicationRequest"));
        ClinicalEvidence.Extract(ctx, fromClaim: true);

        var answers = index.OfType("QuestionnaireResponse").Select(qr =>
            QuestionnaireResponseEvidence.Extract(qr.Json, FindQuestionnaire(qr.Json, index, options)));
        return EvidenceSet.Merge([ctx.Evidence, .. answers]);
    }

    private static JsonObject? FindQuestionnaire(JsonObject response, ResourceIndex index, EvidenceOptions options)
    {
        if (response.Str("questionnaire") is not { } canonical || canonical.StartsWith('#')) return null;
        var url = canonical.Split('|')[0];
        return index.OfType("Questionnaire").FirstOrDefault(q => q.Json.Str("url") == url)?.Json
            ?? options.ResolveQuestionnaire?.Invoke(canonical);
    }
}
