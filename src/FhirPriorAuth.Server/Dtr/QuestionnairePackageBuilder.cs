using System.Text.Json.Nodes;

namespace FhirPriorAuth.Server.Dtr;

/// <summary>
/// One DTR package Bundle (collection): the Questionnaire first, every Library it depends on (cqf-library, then
/// depends-on related artifacts, transitively), the expanded ValueSets its answers and libraries use, and a draft
/// QuestionnaireResponse whose qr-context names the order and the coverage. The Bundle claims the DTR package Bundle
/// profile and the draft the DTR QuestionnaireResponse profile (as the IG's examples do) when it meets it.
/// </summary>
internal sealed class QuestionnairePackageBuilder(IConformanceResources resources, ValueSetExpansions expansions, TimeProvider clock)
{
    public const string CqfLibrary = "http://hl7.org/fhir/StructureDefinition/cqf-library";
    public const string QrContext = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/qr-context";
    public const string IntendedUse = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/intendedUse";
    public const string PackageBundleProfile = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/DTR-QPackageBundle";
    public const string ResponseProfile = "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/dtr-questionnaireresponse";
    private const string EnableWhenExpression = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression";

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
            ["meta"] = new JsonObject { ["lastUpdated"] = Now(), ["profile"] = new JsonArray(PackageBundleProfile) },
            ["type"] = "collection",
            ["timestamp"] = Now(),
            ["entry"] = entries,
        };
        return (bundle, warnings);
    }

    private JsonObject DraftResponse(ConformanceResource questionnaire, PackageRequest request)
    {
        var extensions = new JsonArray();
        var contexts = request.Orders.Where(o => ContextTypes.Contains(o.Str("resourceType") ?? "")).Select(ReferenceTo).Append(ReferenceTo(request.Coverage)).OfType<JsonObject>().ToList();
        foreach (var reference in contexts)
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
        var items = UnansweredItems(questionnaire.Json);
        var draft = new JsonObject
        {
            ["resourceType"] = "QuestionnaireResponse",
            ["id"] = Guid.NewGuid().ToString(),
        };
        // DTR 2.0.1's profile wants the coverage and a request as context (2..*), the patient and an item (1..*, 2.2: 0..*).
        if (contexts.Count >= 2 && request.Subject is not null && items.Count > 0)
            draft["meta"] = new JsonObject { ["profile"] = new JsonArray(ResponseProfile) };
        draft["extension"] = extensions;
        draft["questionnaire"] = questionnaire.VersionedCanonical;
        draft["status"] = "in-progress";
        if (request.Subject is { } subject)
            draft["subject"] = subject.DeepClone();
        draft["authored"] = Now();
        if (items.Count > 0)
            draft["item"] = items;
        return draft;
    }

    /// <summary>
    /// The form's always-enabled questions (and the groups holding them) without answers: the draft's shape, which the
    /// DTR client fills by running the CQL. Conditional items (enableWhen) are left for the client to add once enabled,
    /// display items carry no answers, and a group with nothing left in it is not sent.
    /// </summary>
    private static JsonArray UnansweredItems(JsonObject parent)
    {
        var items = new JsonArray();
        foreach (var item in parent.Objects("item"))
        {
            if (item.Str("type") is null or "display" || item["enableWhen"] is not null
                || item.Objects("extension").Any(e => e.Str("url") == EnableWhenExpression))
                continue;
            var answerable = new JsonObject { ["linkId"] = item.Str("linkId") };
            if (item.Str("definition") is { } definition)
                answerable["definition"] = definition;
            if (item.Str("text") is { } text)
                answerable["text"] = text;
            if (item.Str("type") == "group")
            {
                var children = UnansweredItems(item);
                if (children.Count == 0)
                    continue;
                answerable["item"] = children;
            }
            items.Add(answerable);
        }
        return items;
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
