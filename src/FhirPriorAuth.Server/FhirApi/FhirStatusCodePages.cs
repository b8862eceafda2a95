using Microsoft.AspNetCore.Diagnostics;

namespace FhirPriorAuth.Server.FhirApi;

/// <summary>
/// Gives bodiless error responses (routing's 404 for an unknown address or operation, 405 for a method the address
/// does not take) an OperationOutcome, so clients always get something they can parse: under <c>/fhir</c> as FHIR, and
/// elsewhere (CDS Hooks, the reviewer API), for 404 and 405, in the same shape those APIs use for their refusals.
/// </summary>
internal static class FhirStatusCodePages
{
    public static Task WriteAsync(StatusCodeContext statusContext)
    {
        var context = statusContext.HttpContext;
        var fhir = FhirRoutes.IsFhirRequest(context.Request);
        var status = context.Response.StatusCode;
        // Outside /fhir only routing's own 404/405 get a body: a CDS client refusal stays a bare 401 (by design, it says nothing).
        if (!fhir && status is not (StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed))
            return Task.CompletedTask;
        var issue = status switch
        {
            StatusCodes.Status404NotFound => OutcomeIssue.Error(IssueTypes.NotFound, fhir
                ? "No FHIR interaction or operation is implemented at this address; see /fhir/metadata"
                : "Nothing is implemented at this address; GET /cds-services lists the CDS services, /fhir/metadata the FHIR API"),
            StatusCodes.Status405MethodNotAllowed => OutcomeIssue.Error(IssueTypes.NotSupported,
                "This HTTP method is not supported at this address; the Allow header lists the supported ones"),
            _ => OutcomeIssue.Error(IssueTypes.Invalid, "The request was refused"),
        };
        return FhirResults.WriteOutcomeAsync(context, status, [issue]);
    }
}
