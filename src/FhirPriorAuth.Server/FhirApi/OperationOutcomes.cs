using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Resources;

namespace FhirPriorAuth.Server.FhirApi;

/// <summary>Builds the OperationOutcome resources the API answers with.</summary>
public static class OperationOutcomes
{
    /// <param name="id">The request's correlation id on error outcomes, so a client report can be matched to the server log.</param>
    public static JsonObject Create(IEnumerable<OutcomeIssue> issues, string? id = null)
    {
        var outcome = OperationOutcome.Create();
        if (id is not null)
            outcome.Json["id"] = id;
        foreach (var issue in issues)
            outcome.AddIssue(issue.Severity.ToString().ToLowerInvariant(), issue.Code,
                diagnostics: issue.Diagnostics, expression: issue.Expression);
        // OperationOutcome.issue is 1..*: an empty outcome would itself be invalid FHIR.
        if (!outcome.Issues.Any())
            outcome.AddIssue("information", IssueTypes.Informational, diagnostics: "All OK");
        return outcome.Json;
    }
}
