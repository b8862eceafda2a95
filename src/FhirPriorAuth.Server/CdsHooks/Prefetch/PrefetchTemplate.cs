using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FhirPriorAuth.Server.CdsHooks.Prefetch;

/// <summary>
/// Turns an advertised prefetch template into the relative FHIR query a client would have run (CDS Hooks 2.0
/// "Prefetch tokens"): <c>{{context.X}}</c> for first-level primitive context fields, <c>{{userPractitionerId}}</c>,
/// <c>{{userPractitionerRoleId}}</c>, <c>{{userPatientId}}</c>, <c>{{userRelatedPersonId}}</c> from <c>context.userId</c>,
/// and CRD 2.0.1's pre-adopted <c>{{context.draftOrders.MedicationRequest.id}}</c> (comma-separated ids of that type in a
/// context Bundle). A template with a token that has no value is not run, as a client would omit its key.
/// </summary>
public static partial class PrefetchTemplate
{
    /// <summary>The query relative to the FHIR base, or null when a token has no usable value.</summary>
    public static string? Resolve(string template, JsonObject context)
    {
        var unresolved = false;
        var query = Token().Replace(template, match =>
        {
            var value = Value(match.Groups[1].Value.Trim(), context);
            if (value is null || !SafeValue().IsMatch(value) || value.Contains("..", StringComparison.Ordinal))
            {
                unresolved = true;
                return "";
            }
            return value;
        });
        // Whatever the values, the query stays a relative path under the client's FHIR base.
        var path = query.Split('?', 2)[0];
        if (unresolved || path.Length == 0 || path.StartsWith('/') || path.Contains(':', StringComparison.Ordinal))
            return null;
        return query;
    }

    /// <summary>Whether the template reads one resource (<c>Type/id</c>) rather than searching.</summary>
    public static bool IsSearch(string query) => query.Contains('?', StringComparison.Ordinal);

    private static string? Value(string token, JsonObject context)
    {
        var userId = Primitive(context["userId"]);
        switch (token)
        {
            case "userPractitionerId": return IdOf(userId, "Practitioner");
            case "userPractitionerRoleId": return IdOf(userId, "PractitionerRole");
            case "userPatientId": return IdOf(userId, "Patient");
            case "userRelatedPersonId": return IdOf(userId, "RelatedPerson");
        }
        if (!token.StartsWith("context.", StringComparison.Ordinal))
            return null;
        var path = token["context.".Length..].Split('.');
        if (path.Length == 1)
            return Primitive(context[path[0]]);
        if (path is [var field, var type, "id"] && context[field] is JsonObject { } bundle)
        {
            var ids = (bundle["entry"] as JsonArray ?? [])
                .Select(e => e?["resource"] as JsonObject)
                .Where(r => Primitive(r?["resourceType"]) == type)
                .Select(r => Primitive(r!["id"]))
                .OfType<string>()
                .Distinct(StringComparer.Ordinal)
                .ToList();
            return ids.Count > 0 ? string.Join(',', ids) : null;
        }
        return null;
    }

    private static string? IdOf(string? reference, string type) =>
        reference is not null && reference.StartsWith(type + "/", StringComparison.Ordinal) ? reference[(type.Length + 1)..] : null;

    private static string? Primitive(JsonNode? node) => node is JsonValue value
        ? value.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.String => value.GetValue<string>(),
            System.Text.Json.JsonValueKind.Number => value.ToJsonString(),
            _ => null,
        }
        : null;

    [GeneratedRegex(@"\{\{([^{}]+)\}\}")]
    private static partial Regex Token();

    // FHIR ids are [A-Za-z0-9\-\.]{1,64}; references add '/', id lists add ','. Nothing that could start a new query part.
    [GeneratedRegex(@"^[A-Za-z0-9\-\.,/]{1,2048}$")]
    private static partial Regex SafeValue();
}
