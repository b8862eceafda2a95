using System.Globalization;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.FhirApi;

namespace FhirPriorAuth.Server.CdsHooks;

/// <summary>
/// The shapes every CDS handler may rely on once a request is accepted, checked once here instead of in each reader:
/// every <c>prefetch</c> value is a JSON object or null; every Bundle in <c>context</c> or <c>prefetch</c> has an
/// <c>entry</c> array (or none) of JSON objects whose <c>resource</c> is an object; and the request carries at most
/// <see cref="ServerLimits.MaxCdsResourcesPerCall"/> resources and context array items, so the work of one call is
/// bounded by count, not only by bytes. Problems are 422s (too many: <c>too-long</c>).
/// </summary>
internal static class CdsRequestShape
{
    public static void Check(JsonObject context, JsonObject? prefetch, int maxResources, List<OutcomeIssue> issues)
    {
        var count = 0;
        foreach (var (name, value) in context)
        {
            if (value is JsonObject resource && IsBundle(resource))
                count += Bundle(resource, $"context.{name}", issues);
            else if (value is JsonArray items)
                count += items.Count;
        }
        foreach (var (key, value) in prefetch ?? [])
        {
            if (value is null)
                continue;
            if (value is not JsonObject resource)
                issues.Add(OutcomeIssue.Error(IssueTypes.Structure, "Each prefetch value must be a FHIR resource (a JSON object) or null", $"prefetch.{key}"));
            else
                count += IsBundle(resource) ? Bundle(resource, $"prefetch.{key}", issues) : 1;
        }
        if (count > maxResources)
            issues.Add(OutcomeIssue.Error(IssueTypes.TooLong, string.Create(CultureInfo.InvariantCulture,
                $"The request carries {count} resources and context items; this server answers at most {maxResources} per call")));
    }

    private static bool IsBundle(JsonObject resource) => CdsRequestEnvelope.String(resource["resourceType"]) == "Bundle";

    /// <summary>Checks the Bundle's entries; returns how many it holds.</summary>
    private static int Bundle(JsonObject bundle, string at, List<OutcomeIssue> issues)
    {
        var entry = bundle["entry"];
        if (entry is null)
            return 0;
        if (entry is not JsonArray entries)
        {
            issues.Add(OutcomeIssue.Error(IssueTypes.Structure, "A Bundle's entry must be an array of objects", $"{at}.entry"));
            return 0;
        }
        for (var i = 0; i < entries.Count; i++)
        {
            var where = string.Create(CultureInfo.InvariantCulture, $"{at}.entry[{i}]");
            if (entries[i] is not JsonObject item)
                issues.Add(OutcomeIssue.Error(IssueTypes.Structure, "Each Bundle entry must be a JSON object", where));
            else if (item["resource"] is { } resource && resource is not JsonObject)
                issues.Add(OutcomeIssue.Error(IssueTypes.Structure, "A Bundle entry's resource must be a JSON object", $"{where}.resource"));
        }
        return entries.Count;
    }
}
