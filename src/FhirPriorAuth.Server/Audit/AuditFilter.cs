using FhirPriorAuth.Server.FhirApi;
using FhirPriorAuth.Server.Pas;
using FhirPriorAuth.Server.Storage;

namespace FhirPriorAuth.Server.Audit;

/// <summary>
/// Records an audit event for every call of the endpoint it is added to, refusals and failures included, after the
/// endpoint has done its work (and committed). Requests refused before the endpoint (401, 403) are not business
/// operations and are left to the request log.
/// The record is written after the endpoint's own transaction has committed, so its failure must not undo what the
/// client is told: the write is tried twice, then the loss is logged at Error (operation and correlation id only) and
/// the endpoint's real answer goes out. (Writing it inside the endpoint's transaction would not remove this path: a
/// refusal rolls that transaction back but must still be audited, and the final status is only known afterwards.)
/// </summary>
public sealed partial class AuditFilter(string operation) : IEndpointFilter
{
    private const int Attempts = 2;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var status = StatusCodes.Status500InternalServerError;
        try
        {
            var result = await next(context);
            status = (result as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK;
            return result;
        }
        catch (FhirRequestException refusal)
        {
            status = refusal.StatusCode;
            throw;
        }
        finally
        {
            if (!http.RequestAborted.IsCancellationRequested)
                await RecordAsync(http, status);
        }
    }

    private async Task RecordAsync(HttpContext http, int status)
    {
        var details = AuditDetails.Of(http);
        var services = http.RequestServices;
        var entry = new AuditEntry(details.Operation ?? operation,
            http.User.Identity?.Name is { Length: > 0 } client ? client : SubmissionKeys.AnonymousSubmitter,
            details.ReviewerNpi, details.Identifiers, status, services.GetRequiredService<TimeProvider>().GetUtcNow());
        var store = services.GetRequiredService<IResourceStore>();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await AuditTrail.RecordAsync(store, entry, CancellationToken.None);
                return;
            }
            catch (Exception failure) when (failure is not OutOfMemoryException)
            {
                if (attempt < Attempts)
                    continue;
                // Only the exception's type: its message could quote the record, and the log is no place for identifiers.
                LogAuditLost(services.GetRequiredService<ILoggerFactory>().CreateLogger<AuditFilter>(),
                    entry.Operation, entry.StatusCode, failure.GetType().Name, http.TraceIdentifier);
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error,
        Message = "The audit record of {Operation} (HTTP {StatusCode}) could not be written after 2 attempts ({ErrorType}); the response was sent anyway [{CorrelationId}]")]
    private static partial void LogAuditLost(ILogger logger, string operation, int statusCode, string errorType, string correlationId);
}
