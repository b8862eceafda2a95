using FhirPriorAuth.Fhir.Serialization;
using Microsoft.AspNetCore.Diagnostics;

namespace FhirPriorAuth.Server.FhirApi;

/// <summary>
/// The single place where failures become HTTP answers. Refusals the client can fix keep their status and issues;
/// anything unexpected is logged here with the correlation id and answered with a generic 500 OperationOutcome,
/// because exception text can hold PHI or internals.
/// </summary>
internal sealed partial class FhirExceptionHandler(ILogger<FhirExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        switch (exception)
        {
            case FhirRequestException refusal:
                await FhirResults.WriteOutcomeAsync(context, refusal.StatusCode, refusal.Issues);
                return true;

            // Kestrel's own refusals, e.g. a body over MaxRequestBodySize or a truncated chunked body.
            case BadHttpRequestException bad:
                await FhirResults.WriteOutcomeAsync(context, bad.StatusCode, [HostRefusal(bad.StatusCode)]);
                return true;

            // ASP.NET's form and multipart readers refuse a malformed or oversized body (a boundary never found, a part
            // over its limit, a stream that ends early) with these; the client sent it, so it is the client's error.
            case InvalidDataException or IOException when exception.Source is "Microsoft.AspNetCore.WebUtilities" or "Microsoft.AspNetCore.Http":
                await FhirResults.WriteOutcomeAsync(context, StatusCodes.Status400BadRequest,
                    [OutcomeIssue.Error(IssueTypes.Structure, "The request body could not be read as the form or multipart body it declares")]);
                return true;

            // More writes are waiting than the store takes on: an answer, not a failure, and nothing was written.
            case Storage.StorageBusyException:
                context.Response.Headers.RetryAfter = ((int)Storage.StorageBusyException.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await FhirResults.WriteOutcomeAsync(context, StatusCodes.Status503ServiceUnavailable,
                    [OutcomeIssue.Error(IssueTypes.Throttled, "The server is busy; nothing was stored. Send the request again after the Retry-After delay")]);
                return true;

            case OperationCanceledException when context.RequestAborted.IsCancellationRequested:
                // The client went away; there is nobody to answer.
                return true;

            default:
                LogUnexpected(logger, exception, context.TraceIdentifier);
                if (!FhirRoutes.IsFhirRequest(context.Request))
                {
                    // Outside /fhir (CDS Hooks) an OperationOutcome means nothing to the client: a bare 500 it is.
                    context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                    return true;
                }
                await FhirResults.WriteOutcomeAsync(context, StatusCodes.Status500InternalServerError,
                [
                    new OutcomeIssue(FhirIssueSeverity.Fatal, IssueTypes.Exception,
                        "An unexpected error occurred on the server; quote this OperationOutcome's id when reporting it"),
                ]);
                return true;
        }
    }

    private static OutcomeIssue HostRefusal(int status) => status == StatusCodes.Status413PayloadTooLarge
        ? OutcomeIssue.Error(IssueTypes.TooLong, "The request body exceeds the server's size limit")
        : OutcomeIssue.Error(IssueTypes.Structure, "The HTTP request could not be read");

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception; correlation id {CorrelationId}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string correlationId);
}
