using System.Text.Json;
using System.Text.Json.Nodes;

namespace FhirPriorAuth.Server.FhirApi;

/// <summary>A request body parsed as a FHIR resource: the resource, when the JSON could be read at all, and every issue found.</summary>
public sealed record ParsedResource(JsonObject? Resource, IReadOnlyList<OutcomeIssue> Issues)
{
    public bool HasErrors => Issues.Any(i => i.Severity is IssueSeverity.Error or IssueSeverity.Fatal);
}

/// <summary>
/// Turns body bytes into a resource plus issues. Interim: checks JSON syntax, nesting depth, duplicate keys and
/// <c>resourceType</c> with System.Text.Json only; the project's FHIR parser replaces the checks when it lands.
/// Diagnostics give positions, never the offending content, because bodies carry PHI.
/// </summary>
internal static class ResourceParser
{
    public static ParsedResource Parse(ReadOnlySpan<byte> body, int maxDepth)
    {
        if (FindSyntaxProblem(body, maxDepth) is { } syntaxProblem)
            return Unreadable(syntaxProblem);

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = maxDepth + 1 });
        }
        catch (JsonException e)
        {
            // Syntax and depth were checked above, so the remaining refusal is a repeated property name.
            return Unreadable(OutcomeIssue.Error(IssueTypes.Structure, $"Duplicate JSON property{Position(e)}"));
        }

        if (root is not JsonObject resource)
            return Unreadable(OutcomeIssue.Error(IssueTypes.Structure, "The body must be a JSON object holding a FHIR resource"));
        if (resource["resourceType"] is not JsonValue type || type.GetValueKind() != JsonValueKind.String)
            return Unreadable(OutcomeIssue.Error(IssueTypes.Required, "The resource has no resourceType string", "resourceType"));
        return new ParsedResource(resource, []);
    }

    private static ParsedResource Unreadable(OutcomeIssue issue) => new(null, [issue]);

    private static OutcomeIssue? FindSyntaxProblem(ReadOnlySpan<byte> body, int maxDepth)
    {
        // One pass of the forward-only reader finds syntax errors and excess depth with a position and no allocation;
        // its own depth limit is set one higher so our limit, with our message, is the one that trips.
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = maxDepth + 1 });
        try
        {
            while (reader.Read())
            {
                if ((reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) && reader.CurrentDepth >= maxDepth)
                {
                    return OutcomeIssue.Error(IssueTypes.Structure,
                        $"JSON nesting exceeds the limit of {maxDepth} levels (at byte {reader.TokenStartIndex})");
                }
            }
            return null;
        }
        catch (JsonException e)
        {
            return OutcomeIssue.Error(IssueTypes.Structure, $"Malformed JSON{Position(e)}");
        }
    }

    private static string Position(JsonException e) =>
        e.LineNumber is { } line && e.BytePositionInLine is { } column
            ? $" at line {line + 1}, byte {column + 1}"
            : "";
}
