using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Serialization;

namespace FhirPriorAuth.Fhir.Resources;

/// <summary>An OperationOutcome: issues in, issues out.</summary>
public sealed class OperationOutcome : Resource
{
    public OperationOutcome(JsonObject json) : base(Expect(json, "OperationOutcome")) { }

    public static OperationOutcome Create() => new(new JsonObject { ["resourceType"] = "OperationOutcome" });

    public IEnumerable<JsonObject> Issues => GetObjects("issue");

    /// <summary>True when some issue is fatal or error.</summary>
    public bool HasErrors => Issues.Any(i => i["severity"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
        && i["severity"]!.GetValue<string>() is "fatal" or "error");

    /// <summary>Adds an issue. <paramref name="severity"/> and <paramref name="code"/> are FHIR codes (error, structure, ...).</summary>
    public JsonObject AddIssue(string severity, string code, string? text = null, string? expression = null, string? diagnostics = null)
    {
        var issue = new JsonObject { ["severity"] = severity, ["code"] = code };
        if (text is not null) issue["details"] = new JsonObject { ["text"] = text };
        if (diagnostics is not null) issue["diagnostics"] = diagnostics;
        if (!string.IsNullOrEmpty(expression)) issue["expression"] = new JsonArray(expression);
        GetOrAddArray("issue").Add(issue);
        return issue;
    }

    /// <summary>
    /// An OperationOutcome for parse issues: severity and code from the issue table, details.text the message,
    /// diagnostics the stable code (FPA1007), expression the location.
    /// </summary>
    public static OperationOutcome FromParseIssues(IEnumerable<FhirParseIssue> issues)
    {
        var outcome = Create();
        foreach (var i in issues)
            outcome.AddIssue(i.Severity.ToString().ToLowerInvariant(), i.IssueType, i.Message, i.Expression, i.Id);
        return outcome;
    }
}
