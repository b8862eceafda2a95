namespace FhirPriorAuth.Server.FhirApi;

/// <summary>
/// A request the server refuses for a reason the client can fix. It carries the HTTP status and the
/// OperationOutcome issues, so the one error handler can answer without a table of exception types.
/// </summary>
public sealed class FhirRequestException(int statusCode, IReadOnlyList<OutcomeIssue> issues)
    : Exception(issues.Count > 0 ? issues[0].Diagnostics : "FHIR request refused")
{
    public FhirRequestException(int statusCode, OutcomeIssue issue)
        : this(statusCode, [issue])
    {
    }

    public int StatusCode { get; } = statusCode;

    public IReadOnlyList<OutcomeIssue> Issues { get; } = issues;
}
