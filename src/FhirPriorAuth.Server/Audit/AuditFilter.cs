using FhirPriorAuth.Server.FhirApi;
using FhirPriorAuth.Server.Pas;
using FhirPriorAuth.Server.Storage;

namespace FhirPriorAuth.Server.Audit;

/// <summary>
/// Records an audit event for every call of the endpoint it is added to, refusals and failures included, after the
/// endpoint has done its work (and committed). Requests refused before the endpoint (401, 403) are not business
/// operations and are left to the request log.
/// </summary>
public sealed class AuditFilter(string operation) : IEndpointFilter
{
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
        await AuditTrail.RecordAsync(services.GetRequiredService<IResourceStore>(), entry, CancellationToken.None);
    }
}
