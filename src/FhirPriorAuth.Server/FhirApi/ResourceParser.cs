using System.Text.Json;
using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Model;
using FhirPriorAuth.Fhir.Serialization;

namespace FhirPriorAuth.Server.FhirApi;

/// <summary>
/// A request body parsed as a FHIR resource. <see cref="Resource"/> is null when the body cannot be taken as a
/// resource at all (not JSON, too deep, duplicate keys, no known resourceType); then nothing can act on it.
/// </summary>
internal sealed record ParsedResource(JsonObject? Resource, IReadOnlyList<OutcomeIssue> Issues)
{
    public bool HasErrors => Issues.Any(i => i.Severity is FhirIssueSeverity.Error or FhirIssueSeverity.Fatal);
}

/// <summary>Adapts the project's FHIR JSON parser to the API's issue model.</summary>
internal static class ResourceParser
{
    public static ParsedResource Parse(ReadOnlySpan<byte> body, int maxDepth)
    {
        var result = FhirJsonParser.Parse(body, new FhirParseOptions { MaxDepth = maxDepth });
        var issues = result.Issues.Select(ToOutcomeIssue).ToList();
        return new ParsedResource(HasKnownResourceType(result.Resource) ? result.Resource : null, issues);
    }

    /// <summary>
    /// Without a concrete resourceType there is nothing to validate or act on, so such a body is refused like
    /// unparseable JSON (the parser reports it as an ordinary error and still returns the tree).
    /// </summary>
    private static bool HasKnownResourceType(JsonObject? resource) =>
        resource?["resourceType"] is JsonValue type
        && type.GetValueKind() == JsonValueKind.String
        && R4Model.IsConcreteResource(type.GetValue<string>());

    internal static OutcomeIssue ToOutcomeIssue(FhirParseIssue issue) => new(
        issue.Severity,
        issue.IssueType,
        // The parser's messages never quote instance values; its stable code lets clients react without parsing text.
        $"{issue.Message} [{issue.Id}]",
        string.IsNullOrEmpty(issue.Expression) ? null : issue.Expression);
}
