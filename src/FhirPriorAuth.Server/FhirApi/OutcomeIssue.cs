using FhirPriorAuth.Fhir.Serialization;

namespace FhirPriorAuth.Server.FhirApi;

/// <summary>
/// One OperationOutcome issue. <paramref name="Code"/> is an IssueType code (see <see cref="IssueTypes"/>);
/// <paramref name="Diagnostics"/> is written for the client and therefore never carries request content or exception text.
/// <paramref name="Expression"/> is a FHIRPath location in the submitted resource, when there is one.
/// </summary>
public sealed record OutcomeIssue(FhirIssueSeverity Severity, string Code, string Diagnostics, string? Expression = null)
{
    public static OutcomeIssue Error(string code, string diagnostics, string? expression = null) =>
        new(FhirIssueSeverity.Error, code, diagnostics, expression);
}

/// <summary>The R4 IssueType codes this server emits.</summary>
public static class IssueTypes
{
    public const string Invalid = "invalid";
    public const string Structure = "structure";
    public const string Required = "required";
    public const string Value = "value";
    public const string Login = "login";
    public const string Forbidden = "forbidden";
    public const string NotSupported = "not-supported";
    public const string NotFound = "not-found";
    public const string TooLong = "too-long";
    public const string TooCostly = "too-costly";
    public const string BusinessRule = "business-rule";
    public const string Exception = "exception";
    public const string Informational = "informational";
    public const string Conflict = "conflict";
    public const string Throttled = "throttled";
}
