using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.FhirApi;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.CdsHooks;

/// <summary>
/// <c>POST /cds-services/{id}</c>: reads the body within the server's limits, checks the CDS Hooks envelope and hands
/// the request to the service. Refusals are OperationOutcomes: 404 unknown service, 400 not a JSON object, 422 not a
/// request for this hook, 412 (from the service) data neither prefetched nor fetchable. One log line per call with
/// hook, hookInstance, service, status and duration; never the body, patient ids or the token.
/// </summary>
internal static partial class CdsInvocationEndpoint
{
    public static async Task<IResult> PostAsync(string id, HttpContext http, CdsServiceRegistry registry, RequestBodyReader bodyReader,
        IOptions<ServerLimits> limits, IOptions<CdsHooksOptions> options, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(CdsInvocationEndpoint).FullName!);
        var started = Stopwatch.GetTimestamp();
        string? hook = null, hookInstance = null;
        var status = StatusCodes.Status200OK;
        try
        {
            var service = registry.WithId(id).FirstOrDefault()
                ?? throw new FhirRequestException(StatusCodes.Status404NotFound,
                    OutcomeIssue.Error(IssueTypes.NotFound, "No CDS service with this id; GET /cds-services lists them"));
            var body = Parse(await bodyReader.ReadAsync(http.Request, ct), limits.Value.MaxJsonDepth);
            hook = CdsRequestEnvelope.String(body["hook"]);
            hookInstance = CdsRequestEnvelope.String(body["hookInstance"]);
            var request = CdsRequestEnvelope.Read(body, service.Descriptor.Hook, ServerBase(http, options.Value));
            var answer = await service.InvokeAsync(request, ct);
            return TypedResults.Text(answer.ToJsonString(), "application/json", System.Text.Encoding.UTF8);
        }
        catch (FhirRequestException refusal)
        {
            status = refusal.StatusCode;
            return FhirResults.Outcome(refusal.StatusCode, refusal.Issues, http.TraceIdentifier);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            status = StatusCodes.Status500InternalServerError;
            throw;
        }
        finally
        {
            LogInvocation(logger, Loggable(id), Loggable(hook), Loggable(hookInstance), status,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds, http.TraceIdentifier);
        }
    }

    /// <summary>The configured public base, else the request's own scheme, host and path base.</summary>
    public static string ServerBase(HttpContext http, CdsHooksOptions options) =>
        options.PublicBaseUrl is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{http.Request.Scheme}://{http.Request.Host.Value}{http.Request.PathBase.Value}";

    private static JsonObject Parse(ReadOnlyMemory<byte> body, int maxDepth)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body.Span, documentOptions: new JsonDocumentOptions { MaxDepth = maxDepth });
        }
        catch (JsonException)
        {
            throw new FhirRequestException(StatusCodes.Status400BadRequest,
                OutcomeIssue.Error(IssueTypes.Structure, "The body is not valid JSON (or is nested too deeply)"));
        }
        return node as JsonObject ?? throw new FhirRequestException(StatusCodes.Status400BadRequest,
            OutcomeIssue.Error(IssueTypes.Structure, "The body must be a JSON object: a CDS Hooks request"));
    }

    // hook and hookInstance are client-chosen: logged only when they look like a hook name and a UUID-like id.
    private static string Loggable(string? value) =>
        value is { Length: > 0 and <= 64 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_') ? value : "-";

    [LoggerMessage(Level = LogLevel.Information,
        Message = "CDS service {ServiceId} hook {Hook} instance {HookInstance} -> {StatusCode} in {ElapsedMs:0.0} ms [{CorrelationId}]")]
    private static partial void LogInvocation(ILogger logger, string serviceId, string hook, string hookInstance, int statusCode,
        double elapsedMs, string correlationId);
}
