using Microsoft.AspNetCore.Diagnostics;

namespace FhirPriorAuth.Server.FhirApi;

/// <summary>
/// Gives bodiless error responses under <c>/fhir</c> (routing's 404 for an unknown address or operation, 405 for a
/// method the address does not take) an OperationOutcome, so FHIR clients always get something they can parse.
/// </summary>
internal static class FhirStatusCodePages
{
    public static Task WriteAsync(StatusCodeContext statusContext)
    {
        var context = statusContext.HttpContext;
        if (!FhirRoutes.IsFhirRequest(context.Request))
            return Task.CompletedTask;

        var status = context.Response.StatusCode;
        var issue = status switch
        {
            StatusCodes.Status404NotFound => OutcomeIssue.Error(IssueTypes.NotFound,
                "No FHIR interaction or operation is implemented at this address; see /fhir/metadata"),
            StatusCodes.Status405MethodNotAllowed => OutcomeIssue.Error(IssueTypes.NotSupported,
                "This HTTP method is not supported at this address; the Allow header lists the supported ones"),
            _ => OutcomeIssue.Error(IssueTypes.Invalid, "The request was refused"),
        };
        return FhirResults.WriteOutcomeAsync(context, status, [issue]);
    }
}
