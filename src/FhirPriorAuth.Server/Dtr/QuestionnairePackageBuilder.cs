using System.Text.Json.Nodes;

namespace FhirPriorAuth.Server.Dtr;

/// <summary>
/// One DTR package Bundle (collection): the Questionnaire first, every Library it depends on (cqf-library, then
/// depends-on related artifacts, transitively), the expanded ValueSets its answers and libraries use, and a draft
/// QuestionnaireResponse whose qr-context names the order and the coverage.
/// </summary>
internal sealed class QuestionnairePackageBuilder(IConformanceResources resources, ValueSetExpansions expansions, TimeProvider clock)
{
    public const string CqfLibrary = "http://hl7.org/fhir/StructureDefinition/cqf-library";
    public const string QrContext = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/qr-context";
    public const string IntendedUse = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/intendedUse";

    /// <summary>What qr-context may point at besides the Coverage (2.0.1); supporting resources sent as orders are left out.</summary>
    private static readonly HashSet<string> ContextTypes =
        ["DeviceRequest", "MedicationRequest", "NutritionOrder", "ServiceRequest", "Encounter", "Appointment"];

    /// <summary>The Bundle and the warnings met while assembling it (missing dependencies, unexpandable ValueSets).</summary>
    public (JsonObject Bundle, IReadOnlyList<string> Warnings) Build(ConformanceResource questionnaire, PackageRequest request, string fullUrlBase)
    {
        var warnings = new List<string>();
        var libraries = new List<ConformanceResource>();
        var valueSets = new List<ConformanceResource>();
        var pending = new Queue<string>(questionnaire.Json.Objects("extension")
            .Where(e => e.Str("url") == CqfLibrary).Select(e => e.Str("valueCanonical")).OfType<string>());
        foreach (var answerSet in AnswerValueSets(questionnaire.Json))
            pending.Enqueue(answerSet);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryDequeue(out var canonical))
        {
            if (!seen.Add(canonical))
                continue;
            var found = resources.ByCanonical(canonical);
            if (found is null)
            {
                warnings.Add($"{questionnaire.VersionedCanonical} depends on {canonical}, which this server does not hold");
                continue;
            }
            if (found.Type == "Library" && !libraries.Contains(found))
            {
                libraries.Add(found);
                foreach (var dependency in found.Json.Objects("relatedArtifact").Where(a => a.Str("type") == "depends-on"))
                {
                    if (dependency.Str("resource") is { } next)
                        pending.Enqueue(next);
                }
            }
            else if (found.Type == "ValueSet" && !valueSets.Contains(found))
            {
                valueSets.Add(found);
            }
        }

        var entries = new JsonArray { Entry(fullUrlBase, questionnaire.Type, questionnaire.Id, (JsonObject)questionnaire.Json.DeepClone()) };
        foreach (var library in libraries)
            entries.Add(Entry(fullUrlBase, "Library", library.Id, (JsonObject)library.Json.DeepClone()));
        foreach (var valueSet in valueSets)
        {
            var expanded = expansions.Expand(valueSet);
            if (expanded is null)
                warnings.Add($"ValueSet {valueSet.VersionedCanonical} is sent without an expansion: it needs a terminology server");
            entries.Add(Entry(fullUrlBase, "ValueSet", valueSet.Id, expanded ?? (JsonObject)valueSet.Json.DeepClone()));
        }
        var draft = DraftResponse(questionnaire, request);
        entries.Add(new JsonObject { ["fullUrl"] = "urn:uuid:" + draft.Str("id"), ["resource"] = draft });

        var bundle = new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["id"] = Guid.NewGuid().ToString(),
            ["meta"] = new JsonObject { ["lastUpdated"] = Now() },
            ["type"] = "collection",
            ["timestamp"] = Now(),
            ["entry"] = entries,
        };
        return (bundle, warnings);
    }

    private JsonObject DraftResponse(ConformanceResource questionnaire, PackageRequest request)
    {
        var extensions = new JsonArray();
        foreach (var reference in request.Orders.Where(o => ContextTypes.Contains(o.Str("resourceType") ?? "")).Select(ReferenceTo).Append(ReferenceTo(request.Coverage)).OfType<JsonObject>())
            extensions.Add(new JsonObject { ["url"] = QrContext, ["valueReference"] = reference });
        extensions.Add(new JsonObject
        {
            ["url"] = IntendedUse,
            ["valueCodeableConcept"] = new JsonObject
            {
                ["coding"] = new JsonArray(new JsonObject
                {
                    ["system"] = "http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp",
                    ["code"] = "withpa",
                    ["display"] = "Include with PA",
                }),
            },
        });
        var draft = new JsonObject
        {
            ["resourceType"] = "QuestionnaireResponse",
            ["id"] = Guid.NewGuid().ToString(),
            ["extension"] = extensions,
            ["questionnaire"] = questionnaire.VersionedCanonical,
            ["status"] = "in-progress",
        };
        if (request.Subject is { } subject)
            draft["subject"] = subject.DeepClone();
        draft["authored"] = Now();
        return draft;
    }

    /// <summary>A reference to a request resource by its id, or by identifier when the client sent it without one.</summary>
    private static JsonObject? ReferenceTo(JsonObject resource)
    {
        var type = resource.Str("resourceType");
        if (resource.Str("id") is { } id)
            return new JsonObject { ["reference"] = $"{type}/{id}" };
        var identifier = resource.Objects("identifier").FirstOrDefault();
        return identifier is null ? null : new JsonObject { ["type"] = type, ["identifier"] = identifier.DeepClone() };
    }

    private static IEnumerable<string> AnswerValueSets(JsonObject itemParent) =>
        itemParent.Objects("item").SelectMany(item =>
            AnswerValueSets(item).Prepend(item.Str("answerValueSet")!)
                .Where(c => c is not null && !c.StartsWith('#')));  // '#' names a contained ValueSet, already inside the Questionnaire

    private static JsonObject Entry(string fullUrlBase, string type, string id, JsonObject resource) =>
        new() { ["fullUrl"] = $"{fullUrlBase}/{type}/{id}", ["resource"] = resource };

    private string Now() => clock.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture);
}
