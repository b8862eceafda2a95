using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Resources;
using FhirPriorAuth.Policies.Evidence.Extraction;

namespace FhirPriorAuth.Policies.Evidence;

/// <summary>The facts a DTR QuestionnaireResponse answers.</summary>
public static class QuestionnaireResponseEvidence
{
    /// <summary>
    /// Maps each answered item to a fact by the Questionnaire item's <c>code</c> (a FactCatalog coding), or failing
    /// that by its linkId being the fact's name (our DTR convention: <c>ki67</c>, <c>sstrImaging</c>). Groups and
    /// answers' nested items are searched. Sources are <c>QuestionnaireResponse/&lt;id&gt;#&lt;linkId&gt;</c>.
    /// A Questionnaire contained in the response (<c>questionnaire</c> = <c>#id</c>) is used when none is given.
    /// </summary>
    public static EvidenceSet Extract(JsonObject questionnaireResponse, JsonObject? questionnaire = null)
    {
        ArgumentNullException.ThrowIfNull(questionnaireResponse);
        questionnaire ??= Contained(questionnaireResponse);
        var ctx = new ExtractionContext(new ResourceIndex(Bundle.Create("collection")), EvidenceOptions.Default, DateOnly.MinValue);
        var reference = "QuestionnaireResponse/" + (questionnaireResponse.Str("id") ?? "unidentified");
        var definitions = new Dictionary<string, FactDefinition>(StringComparer.Ordinal);
        ClinicalEvidence.Guarded(ctx, "questionnaire", () => Index(questionnaire.Objs("item"), definitions, 0));
        var signed = Signed(questionnaireResponse);
        ClinicalEvidence.Guarded(ctx, "answers", () => Walk(ctx, questionnaireResponse.Objs("item"), definitions, reference, 0, signed));
        return ctx.Evidence;
    }

    private const string SignatureUrl = "http://hl7.org/fhir/StructureDefinition/questionnaireresponse-signature";
    private const string InformationOriginUrl = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/information-origin";

    // A completed (or amended) form signed by the provider: a Practitioner/PractitionerRole author, or a signature.
    private static bool Signed(JsonObject response) =>
        response.Str("status") is "completed" or "amended"
        && (response.Obj("author").Str("reference") is { } author && (author.Contains("Practitioner", StringComparison.Ordinal))
            || response.Objs("extension").Any(e => e.Str("url") == SignatureUrl));

    // An answer pre-populated from the chart and left as it was (origin auto) is the chart's value, not an attestation.
    private static bool Attests(JsonObject answer) =>
        answer.Objs("extension").Where(e => e.Str("url") == InformationOriginUrl)
            .SelectMany(e => e.Objs("extension")).FirstOrDefault(e => e.Str("url") == "source").Str("valueCode") != "auto";

    // linkId → fact, from item.code; items without a fact code are left to the linkId convention.
    // Real forms nest a few levels; the limit only stops a hostile document from exhausting the stack.
    private const int MaxDepth = 64;

    private static void Index(IEnumerable<JsonObject> items, Dictionary<string, FactDefinition> definitions, int depth)
    {
        if (depth > MaxDepth) return;
        foreach (var item in items)
        {
            var definition = item.Objs("code").Select(c => FactCatalog.FindByCoding(c.Str("system"), c.Str("code"))).FirstOrDefault(d => d is not null);
            if (definition is not null && item.Str("linkId") is { } linkId) definitions.TryAdd(linkId, definition);
            Index(item.Objs("item"), definitions, depth + 1);
        }
    }

    private static void Walk(ExtractionContext ctx, IEnumerable<JsonObject> items, Dictionary<string, FactDefinition> definitions,
        string reference, int depth, bool signed)
    {
        if (depth > MaxDepth) { ctx.Note($"{reference}: items nested deeper than {MaxDepth} levels are not read"); return; }
        foreach (var item in items)
        {
            var linkId = item.Str("linkId");
            var definition = linkId is null ? null : definitions.GetValueOrDefault(linkId) ?? FactCatalog.Find(linkId);
            foreach (var answer in item.Objs("answer"))
            {
                if (definition is not null)
                {
                    var source = new FactSource(FactSourceKind.QuestionnaireAnswer, $"{reference}#{linkId}", Attested: signed && Attests(answer));
                    if (FactValues.Read(definition, answer) is { } read) ctx.Emit(definition.Name, read.Value, source);
                    else ctx.Note($"{source}: answer not readable as {definition.Name}");
                }
                Walk(ctx, answer.Objs("item"), definitions, reference, depth + 1, signed);
            }
            Walk(ctx, item.Objs("item"), definitions, reference, depth + 1, signed);
        }
    }

    private static JsonObject? Contained(JsonObject response) =>
        response.Str("questionnaire") is ['#', .. var id]
            ? response.Objs("contained").FirstOrDefault(c => c.Str("resourceType") == "Questionnaire" && c.Str("id") == id)
            : null;
}
