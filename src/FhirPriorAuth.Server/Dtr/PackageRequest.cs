using System.Text.Json.Nodes;
using FhirPriorAuth.Server.FhirApi;

namespace FhirPriorAuth.Server.Dtr;

/// <summary>
/// The <c>$questionnaire-package</c> input, read from either version's names: 2.0.1 sends supporting resources as
/// <c>referenced</c>; 2.1/2.2 send only <c>order</c>s (2.2 also a single <c>coverage</c>). Both are accepted.
/// </summary>
internal sealed record PackageRequest(
    JsonObject Coverage,
    IReadOnlyList<JsonObject> Orders,
    IReadOnlyList<JsonObject> Referenced,
    IReadOnlyList<string> Questionnaires,
    string? Context,
    DateTimeOffset? ChangedSince)
{
    /// <summary>The patient the forms are about: the coverage beneficiary, else the order's subject.</summary>
    public JsonNode? Subject =>
        Coverage.Obj("beneficiary") as JsonNode ?? Orders.Select(o => o.Obj("subject")).FirstOrDefault(s => s is not null);

    /// <summary>Everything sent with the request, for resolving references between the parameters.</summary>
    public IEnumerable<JsonObject> AllResources => Orders.Concat(Referenced).Prepend(Coverage);

    public static PackageRequest Read(JsonObject body)
    {
        if (body.Str("resourceType") != "Parameters")
            throw Invalid("The body must be a Parameters resource", "resourceType");
        var parameters = body.Objects("parameter").ToList();
        var coverages = Resources(parameters, "coverage", "Coverage");
        if (coverages.Count == 0)
            throw new FhirRequestException(StatusCodes.Status400BadRequest, OutcomeIssue.Error(IssueTypes.Required,
                "The 'coverage' parameter (a Coverage resource) is required", "Parameters.parameter"));
        var orders = Resources(parameters, "order", null);
        var referenced = Resources(parameters, "referenced", null);
        var questionnaires = parameters.Where(p => p.Str("name") == "questionnaire")
            .Select(p => p.Str("valueCanonical") ?? p.Str("valueUri") ?? p.Str("valueUrl")).ToList();
        if (questionnaires.Any(q => string.IsNullOrEmpty(q)))
            throw Invalid("Each 'questionnaire' parameter must carry a canonical (valueCanonical)", "Parameters.parameter");
        var context = parameters.FirstOrDefault(p => p.Str("name") == "context")?.Str("valueString");
        if (orders.Count == 0 && questionnaires.Count == 0 && context is null)
            throw Invalid("At least one of 'order', 'questionnaire' and 'context' must be present (dtr-1)", "Parameters.parameter");
        return new PackageRequest(coverages[0], orders, referenced, questionnaires!, context, ReadChangedSince(parameters));
    }

    private static List<JsonObject> Resources(List<JsonObject> parameters, string name, string? requiredType)
    {
        var found = new List<JsonObject>();
        foreach (var parameter in parameters.Where(p => p.Str("name") == name))
        {
            if (parameter["resource"] is not JsonObject resource || (requiredType is not null && resource.Str("resourceType") != requiredType))
                throw Invalid($"Each '{name}' parameter must carry a {requiredType ?? "resource"} in 'resource'", "Parameters.parameter");
            found.Add(resource);
        }
        return found;
    }

    // 2.0.1's OperationDefinition types it dateTime, its profile instant: take either.
    private static DateTimeOffset? ReadChangedSince(List<JsonObject> parameters)
    {
        var parameter = parameters.FirstOrDefault(p => p.Str("name") == "changedsince");
        if (parameter is null)
            return null;
        var text = parameter.Str("valueInstant") ?? parameter.Str("valueDateTime");
        return DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out var since)
            ? since
            : throw Invalid("'changedsince' must be an instant or dateTime", "Parameters.parameter");
    }

    private static FhirRequestException Invalid(string message, string expression) =>
        new(StatusCodes.Status400BadRequest, OutcomeIssue.Error(IssueTypes.Invalid, message, expression));
}
