using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Resources;
using FhirPriorAuth.Server.FhirApi;

namespace FhirPriorAuth.Server.Pas;

/// <summary>
/// What PAS requires of a request Bundle before it can be decided. Every problem is reported at once, each with the
/// FHIRPath of the element; optional elements that are absent are never a problem.
/// </summary>
internal static class PasRequestValidator
{
    public static IReadOnlyList<OutcomeIssue> Check(JsonObject bundle)
    {
        var issues = new List<OutcomeIssue>();
        void Add(string code, string text, string expression) => issues.Add(OutcomeIssue.Error(code, text, expression));

        if ((string?)bundle["type"] != "collection")
            Add(IssueTypes.Value, "A PAS request Bundle has type 'collection'", "Bundle.type");
        if (bundle["identifier"] is not JsonObject)
            Add(IssueTypes.Required, "A PAS request Bundle has an identifier", "Bundle.identifier");
        if (bundle["timestamp"] is null)
            Add(IssueTypes.Required, "A PAS request Bundle has a timestamp", "Bundle.timestamp");

        var entries = bundle["entry"] as JsonArray ?? [];
        if (entries.Count == 0)
        {
            Add(IssueTypes.Required, "A PAS request Bundle holds the Claim and the resources it references", "Bundle.entry");
            return issues;
        }

        var seen = new HashSet<string>();
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i] as JsonObject;
            var fullUrl = (string?)entry?["fullUrl"];
            if (fullUrl is null)
                Add(IssueTypes.Required, "Every entry has a fullUrl", $"Bundle.entry[{i}].fullUrl");
            else if (!seen.Add(fullUrl))
                Add(IssueTypes.Invalid, $"Each resource appears once; {fullUrl} is repeated", $"Bundle.entry[{i}].fullUrl");
            if (entry?["resource"] is not JsonObject)
                Add(IssueTypes.Required, "Every entry holds a resource", $"Bundle.entry[{i}].resource");
        }

        var first = (entries[0] as JsonObject)?["resource"] as JsonObject;
        if ((string?)first?["resourceType"] != "Claim")
            Add(IssueTypes.Invalid, "The first entry of a PAS request Bundle is the Claim", "Bundle.entry[0].resource");
        else
            CheckClaim(first, issues);

        CheckReferences(new Bundle(bundle), entries, issues);
        return issues;
    }

    private static void CheckClaim(JsonObject claim, List<OutcomeIssue> issues)
    {
        const string at = "Bundle.entry[0].resource";
        if ((string?)claim["use"] != "preauthorization")
            issues.Add(OutcomeIssue.Error(IssueTypes.Value, "The Claim's use is 'preauthorization'", at + ".use"));
        foreach (var name in new[] { "patient", "insurer", "provider" })
            if (claim[name] is null)
                issues.Add(OutcomeIssue.Error(IssueTypes.Required, $"The Claim names its {name}", $"{at}.{name}"));
        var items = claim["item"] as JsonArray ?? [];
        // PAS: an update cancelling the whole request (certificationType 3) need not list the lines again.
        if (items.Count == 0 && !ClaimUpdate.CancelsWholeRequest(claim))
            issues.Add(OutcomeIssue.Error(IssueTypes.Required, "The Claim lists at least one requested service (item)", at + ".item"));
        for (var i = 0; i < items.Count; i++)
        {
            var sequence = new ClaimItem((JsonObject)items[i]!).Sequence;
            if (sequence is null)
                issues.Add(OutcomeIssue.Error(IssueTypes.Required, "Every item has a sequence number", $"{at}.item[{i}].sequence"));
        }
    }

    // PAS: every resource a bundled resource references is in the Bundle (contained '#' references aside).
    private static void CheckReferences(Bundle bundle, JsonArray entries, List<OutcomeIssue> issues)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i] is not JsonObject entry || entry["resource"] is not JsonObject resource)
                continue;
            var fullUrl = (string?)entry["fullUrl"];
            foreach (var (reference, path) in References(resource, $"Bundle.entry[{i}].resource"))
            {
                if (reference.StartsWith('#') || bundle.Resolve(reference, fullUrl) is not null)
                    continue;
                issues.Add(OutcomeIssue.Error(IssueTypes.NotFound,
                    $"'{reference}' is not in the Bundle; PAS requires every referenced resource to be sent with the request", path));
            }
        }
    }

    private static IEnumerable<(string Reference, string Path)> References(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    // Contained resources and a nested Bundle's entries resolve within themselves; Claim.related
                    // names an earlier submission, which the submitter need not send again.
                    if (name == "contained" || (name == "entry" && (string?)obj["resourceType"] == "Bundle")
                        || (name == "related" && (string?)obj["resourceType"] == "Claim"))
                        continue;
                    if (name == "reference" && value is JsonValue v && v.TryGetValue<string>(out var reference))
                        yield return (reference, path + ".reference");
                    else
                        foreach (var found in References(value, path + "." + name))
                            yield return found;
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                    foreach (var found in References(array[i], $"{path}[{i}]"))
                        yield return found;
                break;
        }
    }
}
