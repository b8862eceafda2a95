using Microsoft.AspNetCore.Diagnostics;

namespace FhirPriorAuth.Server.FhirApi;

/// <summary>
/// Gives bodiless error responses (routing's 404 for an unknown address or operation, 405 for a method the address
/// does not take) an OperationOutcome, so clients always get something they can parse: under <c>/fhir</c> as FHIR, and
/// elsewhere (CDS Hooks, the reviewer API) in the same shape those APIs use for every refusal.
/// </summary>
internal static class FhirStatusCodePages
{
    public static Task WriteAsync(StatusCodeContext statusContext)
    {
        var context = statusContext.HttpContext;
        var fhir = FhirRoutes.IsFhirRequest(context.Request);
        var status = context.Response.StatusCode;
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
