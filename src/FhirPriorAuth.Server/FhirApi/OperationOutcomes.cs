using System.Text.Json.Nodes;

namespace FhirPriorAuth.Server.FhirApi;

/// <summary>Builds OperationOutcome resources as JSON.</summary>
public static class OperationOutcomes
{
    /// <param name="id">The request's correlation id on error outcomes, so a client report can be matched to the server log.</param>
    public static JsonObject Create(IEnumerable<OutcomeIssue> issues, string? id = null)
    {
        var outcome = new JsonObject { ["resourceType"] = "OperationOutcome" };
        if (id is not null)
            outcome["id"] = id;

        var issueArray = new JsonArray();
        foreach (var issue in issues)
        {
            var item = new JsonObject
            {
                ["severity"] = SeverityCode(issue.Severity),
                ["code"] = issue.Code,
                ["diagnostics"] = issue.Diagnostics,
            };
            if (issue.Expression is not null)
                item["expression"] = new JsonArray(issue.Expression);
            issueArray.Add(item);
        }
        // OperationOutcome.issue is 1..*: an empty outcome would itself be invalid FHIR.
        if (issueArray.Count == 0)
            issueArray.Add(new JsonObject { ["severity"] = "information", ["code"] = IssueTypes.Informational, ["diagnostics"] = "All OK" });
        outcome["issue"] = issueArray;
        return outcome;
    }

    private static string SeverityCode(IssueSeverity severity) => severity switch
    {
        IssueSeverity.Fatal => "fatal",
        IssueSeverity.Error => "error",
        IssueSeverity.Warning => "warning",
        _ => "information",
    };
}
