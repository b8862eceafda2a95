using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Evidence;

namespace FhirPriorAuth.Policies.Artifacts;

/// <summary>
/// Checks a DTR Questionnaire against the conventions the evidence layer relies on: unique linkIds, enableWhen
/// pointing at real items, fact items coded as the catalog codes them, and libraries that exist.
/// </summary>
internal static class QuestionnaireChecker
{
    public const string CqfLibrary = "http://hl7.org/fhir/StructureDefinition/cqf-library";

    public static void Check(JsonObject questionnaire, string file, ISet<string> libraryCanonicals, List<PolicyLoadProblem> problems)
    {
        var items = new List<(JsonObject Item, string Path)>();
        Collect(questionnaire, "Questionnaire", items);
        var linkIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (item, path) in items)
        {
            var linkId = item.Str("linkId");
            if (string.IsNullOrEmpty(linkId)) problems.Add(new(file, path + ".linkId", "missing"));
            else if (!linkIds.Add(linkId)) problems.Add(new(file, path + ".linkId", $"'{linkId}' is used by another item"));
        }
        foreach (var (item, path) in items)
        {
            var conditions = item.Objs("enableWhen");
            for (var i = 0; i < conditions.Count; i++)
                if (conditions[i].Str("question") is not { } q || !linkIds.Contains(q))
                    problems.Add(new(file, $"{path}.enableWhen[{i}].question", $"'{conditions[i].Str("question")}' is not a linkId of this Questionnaire"));
            CheckCoding(item, path, file, problems);
        }
        var libraries = questionnaire.Extensions(CqfLibrary).ToList();
        for (var i = 0; i < libraries.Count; i++)
        {
            var canonical = libraries[i].Str("valueCanonical");
            if (canonical is null || !(libraryCanonicals.Contains(canonical) || libraryCanonicals.Contains(canonical.Split('|')[0])))
                problems.Add(new(file, $"Questionnaire.extension('cqf-library')[{i}]", $"'{canonical}' is not a loaded Library"));
        }
    }

    /// <summary>An item named after a fact carries only the catalog's codings for it (from the systems the catalog uses).</summary>
    private static void CheckCoding(JsonObject item, string path, string file, List<PolicyLoadProblem> problems)
    {
        if (item.Str("linkId") is not { } linkId || FactCatalog.Find(linkId) is not { } fact) return;
        // The answer type must carry the fact's kind (docs/policy-format.md, "DTR Questionnaires").
        string[] types = fact.Kind switch
        {
            FactKind.Boolean => ["boolean"],
            FactKind.Integer => ["integer"],
            FactKind.Decimal => ["decimal", "quantity"],
            FactKind.Code => ["choice", "open-choice", "string"],
            _ => ["date", "dateTime"],
        };
        if (item.Str("type") is { } type && !types.Contains(type))
            problems.Add(new(file, path + ".type", $"'{type}' cannot answer fact '{linkId}' ({fact.Kind}); use {string.Join(" or ", types)}"));
        var codings = item.Objs("code");
        for (var i = 0; i < codings.Count; i++)
        {
            var system = codings[i].Str("system");
            var code = codings[i].Str("code");
            if (system is not (FactCatalog.PaEvidence or FactCatalog.Loinc)) continue;
            if (fact.Codings?.Any(c => c.System == system && c.Code == code) != true)
                problems.Add(new(file, $"{path}.code[{i}]", $"{system}|{code} is not how the catalog codes fact '{linkId}'"
                    + (fact.Codings is { Count: > 0 } known ? $" (expected {string.Join(", ", known.Select(c => c.System + "|" + c.Code))})" : "")));
        }
    }

    private static void Collect(JsonObject parent, string path, List<(JsonObject, string)> items)
    {
        var children = parent.Objs("item");
        for (var i = 0; i < children.Count; i++)
        {
            var p = $"{path}.item[{i}]";
            items.Add((children[i], p));
            Collect(children[i], p, items);
        }
    }
}
