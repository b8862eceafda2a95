using System.Globalization;
using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Resources;

namespace FhirPriorAuth.Server.FhirApi;

/// <summary>Builds the OperationOutcome resources the API answers with.</summary>
public static class OperationOutcomes
{
    /// <summary>
    /// Most issues one answer lists; a last issue says how many more were found. A 10 MB Bundle can hold 200,000 errors,
    /// and an answer listing them all would be larger than the request and cost far more memory to build.
    /// </summary>
    public const int MaxIssues = 100;

    /// <param name="id">The request's correlation id on error outcomes, so a client report can be matched to the server log.</param>
    public static JsonObject Create(IEnumerable<OutcomeIssue> issues, string? id = null)
    {
        var outcome = OperationOutcome.Create();
        if (id is not null)
            outcome.Json["id"] = id;
        var count = 0;
        foreach (var issue in issues)
        {
            if (++count > MaxIssues)
                continue;
            outcome.AddIssue(issue.Severity.ToString().ToLowerInvariant(), issue.Code,
                diagnostics: issue.Diagnostics, expression: issue.Expression);
        }
        if (count > MaxIssues)
            outcome.AddIssue("information", IssueTypes.TooCostly, diagnostics: string.Create(CultureInfo.InvariantCulture,
                $"{count - MaxIssues} more issues were found and omitted; this answer lists the first {MaxIssues}"));
        // OperationOutcome.issue is 1..*: an empty outcome would itself be invalid FHIR.
        if (!outcome.Issues.Any())
            outcome.AddIssue("information", IssueTypes.Informational, diagnostics: "All OK");
        return outcome.Json;
    }
}
