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
    /// <param name="line">
    /// The Claim item.sequence to decide, for a request with lines for several policy drugs: the evidence of that line's
    /// drug (its product, quantity and orders); null reads the request's first policy-drug line.
    /// </param>
    public static EvidenceSet Extract(JsonObject bundle, DateOnly? today = null, EvidenceOptions? options = null, int? line = null)
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
        var ctx = new ExtractionContext(index, options, today ?? DateOnly.FromDateTime(DateTime.UtcNow)) { Line = line };

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

    /// <summary>
    /// The bundle with QuestionnaireResponses added as entries: answers passed beside a request (the CLI's
    /// <c>--questionnaire-response</c>, a form attached by DTR) take the path answers inside the bundle take, so the
    /// same facts, conflicts and derived facts follow. The bundle itself is not changed.
    /// </summary>
    public static JsonObject WithResponses(JsonObject bundle, IEnumerable<JsonObject> responses)
    {
        var copy = bundle.DeepClone().AsObject();
        var entries = copy["entry"] as JsonArray ?? [];
        foreach (var response in responses)
            entries.Add(new JsonObject { ["fullUrl"] = $"urn:uuid:{Guid.NewGuid()}", ["resource"] = response.DeepClone() });
        copy["entry"] = entries;
        return copy;
    }

    /// <summary>The Claim's item.sequence numbers whose productOrService is one of the policies' drugs, in order.</summary>
    public static IReadOnlyList<int> PolicyDrugLines(JsonObject bundle) =>
        [.. new ResourceIndex(new Bundle(bundle)).OfType("Claim").Take(1)
            .SelectMany(c => c.Json.Objs("item"))
            .Where(i => Products.Identify(i.Obj("productOrService")) is not null && i.Dec("sequence") is not null)
            .Select(i => (int)i.Dec("sequence")!.Value)];

    private static JsonObject? FindQuestionnaire(JsonObject response, List<JsonObject> beside, EvidenceOptions options)
    {
        if (response.Str("questionnaire") is not { } canonical || canonical.StartsWith('#')) return null;
        var url = canonical.Split('|')[0];
        return beside.FirstOrDefault(q => q.Str("resourceType") == "Questionnaire" && q.Str("url") == url)
            ?? options.ResolveQuestionnaire?.Invoke(canonical);
    }
}
