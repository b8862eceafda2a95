using System.Diagnostics;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.CdsHooks.Retention;
using FhirPriorAuth.Server.CdsHooks.Security;
using FhirPriorAuth.Server.FhirApi;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.CdsHooks;

/// <summary>
/// <c>POST /cds-services/{id}</c>: reads the body within the server's limits, checks the CDS Hooks envelope and hands
/// the request to the service. Refusals are OperationOutcomes: 404 unknown service, 400 not strict JSON or not an object,
/// 413 too large, 415 not declared as JSON, 422 not a
/// request for this hook, 412 (from the service) data neither prefetched nor fetchable. One log line per call with
/// hook, hookInstance, service, status and duration; never the body, patient ids or the token. Every call that reached
/// the service, answered or refused, is kept with its answer (<see cref="CdsExchangeLog"/>).
/// </summary>
internal static partial class CdsInvocationEndpoint
{
    public static async Task<IResult> PostAsync(string id, HttpContext http, CdsServiceRegistry registry, JsonBodyReader bodyReader,
        IOptions<ServerLimits> limits, IOptions<CdsHooksOptions> options, ILoggerFactory loggers, CdsExchangeLog exchanges,
        CdsExchangePurge purge, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(CdsInvocationEndpoint).FullName!);
        var started = Stopwatch.GetTimestamp();
        string? hook = null, hookInstance = null, serviceId = null;
        var status = StatusCodes.Status200OK;
        JsonObject? body = null;
        try
        {
            var service = registry.WithId(id).FirstOrDefault()
                ?? throw new FhirRequestException(StatusCodes.Status404NotFound,
                    OutcomeIssue.Error(IssueTypes.NotFound, "No CDS service with this id; GET /cds-services lists them"));
            // Logged only once known to be one of ours: an unknown id is whatever the client put in the path.
            serviceId = service.Descriptor.Id;
            body = await bodyReader.ReadObjectAsync(http.Request, "a CDS Hooks request", ct);
            hook = CdsRequestEnvelope.String(body["hook"]);
            hookInstance = CdsRequestEnvelope.String(body["hookInstance"]);
            var request = CdsRequestEnvelope.Read(body, service.Descriptor.Hook, ServerBase(http, options.Value),
                limits.Value.MaxCdsResourcesPerCall);
            var answer = await service.InvokeAsync(request, ct);
            exchanges.Writing(RetainAsync(exchanges, purge, id, body, answer, status, http, logger));
            return TypedResults.Text(answer.ToJsonString(), "application/json", System.Text.Encoding.UTF8);
        }
        catch (FhirRequestException refusal)
        {
            status = refusal.StatusCode;
            if (body is not null)
                exchanges.Writing(RetainAsync(exchanges, purge, id, body, OperationOutcomes.Create(refusal.Issues, http.TraceIdentifier), status, http, logger));
            return FhirResults.Outcome(refusal.StatusCode, refusal.Issues, http.TraceIdentifier);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            status = StatusCodes.Status500InternalServerError;
            throw;
        }
        finally
        {
            LogInvocation(logger, Loggable(serviceId), Loggable(hook), Loggable(hookInstance), status,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, http.TraceIdentifier);
        }
    }

    /// <summary>
    /// Keeps the call and its answer. The answer does not wait for the write (CDS Hooks answers sit on the clinician's
    /// order-sign click): the request and answer are copied before this returns, the write goes through the store's
    /// queue, and a crash can lose the last few milliseconds of kept calls, never an answer. A failed write is logged
    /// (its exception type only): the clinician's workflow must not stop for the payer's records.
    /// </summary>
    private static async Task RetainAsync(CdsExchangeLog exchanges, CdsExchangePurge purge, string serviceId, JsonObject body,
        JsonObject answer, int status, HttpContext http, ILogger logger)
    {
        try
        {
            // Not the request's token: a client that hangs up after the answer is computed must not lose the record.
            await exchanges.RecordInvocationAsync(serviceId, body, answer, status, CdsClientAuthentication.CallingClient(http), CancellationToken.None);
            await purge.MaybeRunAsync(CancellationToken.None);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            LogRetentionFailed(logger, failure.GetType().Name, http.TraceIdentifier);
        }
    }

    /// <summary>The configured public base (else Auth:TokenEndpoint's, else the loopback default); never the Host header.</summary>
    public static string ServerBase(HttpContext http, CdsHooksOptions options) =>
        Auth.ServerUrls.PublicBase(http, options.PublicBaseUrl, http.RequestServices.GetRequiredService<IOptions<Auth.AuthOptions>>().Value);

    // hook and hookInstance are client-chosen: logged only when they look like a hook name and a UUID-like id.
    private static string Loggable(string? value) =>
        value is { Length: > 0 and <= 64 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_') ? value : "-";

    [LoggerMessage(Level = LogLevel.Error,
        Message = "The CDS call could not be kept for dispute resolution ({ErrorType}); the answer was sent anyway [{CorrelationId}]")]
    private static partial void LogRetentionFailed(ILogger logger, string errorType, string correlationId);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "CDS service {ServiceId} hook {Hook} instance {HookInstance} -> {StatusCode} in {ElapsedMs:0.0} ms [{CorrelationId}]")]
    private static partial void LogInvocation(ILogger logger, string serviceId, string hook, string hookInstance, int statusCode,
        double elapsedMs, string correlationId);
}
