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

        // DTR answers: QuestionnaireResponses in the bundle, or in a DTR QR Bundle inside it (PAS 2.2.1 lets
        // supportingInfo reference one), each with the Questionnaires beside it.
        var dtrBundles = index.OfType("Bundle").Select(b => b.Json.Objs("entry").Select(e => e.Obj("resource")).OfType<JsonObject>().ToList());
        var documents = dtrBundles.Prepend([.. index.All.Select(r => r.Json)]);
        var answers = documents.SelectMany(resources => resources.Where(r => r.Str("resourceType") == "QuestionnaireResponse")
            .Select(qr => QuestionnaireResponseEvidence.Extract(qr, FindQuestionnaire(qr, resources, options))));
        var merged = EvidenceSet.Merge([ctx.Evidence, .. answers]);
        DerivedEvidence.Complete(merged);
        return merged;
    }

    private static JsonObject? FindQuestionnaire(JsonObject response, List<JsonObject> beside, EvidenceOptions options)
    {
        if (response.Str("questionnaire") is not { } canonical || canonical.StartsWith('#')) return null;
        var url = canonical.Split('|')[0];
        return beside.FirstOrDefault(q => q.Str("resourceType") == "Questionnaire" && q.Str("url") == url)
            ?? options.ResolveQuestionnaire?.Invoke(canonical);
    }
}
