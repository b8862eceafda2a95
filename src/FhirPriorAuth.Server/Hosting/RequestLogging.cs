using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;

namespace FhirPriorAuth.Server.Hosting;

/// <summary>
/// Gives each request a correlation id (<c>X-Request-Id</c> response header, <c>OperationOutcome.id</c> on errors)
/// and logs one line per request. Only the route template is logged, never the concrete path, query or body:
/// those carry patient identifiers and search terms.
/// </summary>
public static partial class RequestLogging
{
    public const string CorrelationHeader = "X-Request-Id";

    public static WebApplication UseRequestLogging(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestLogging).FullName!);
        app.Use(async (context, next) =>
        {
            // Always minted here: a client-chosen id would let one caller make log lines look like another's.
            context.TraceIdentifier = Guid.NewGuid().ToString("N");
            // Set as the headers go out, because the exception handler clears headers set earlier.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[CorrelationHeader] = context.TraceIdentifier;
                return Task.CompletedTask;
            });
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                // After a handled exception the endpoint survives only on the exception feature.
                var endpoint = context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
                var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
                LogRequest(logger, context.Request.Method, route, context.Response.StatusCode,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds, context.TraceIdentifier);
            }
        });
        return app;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Route} -> {StatusCode} in {ElapsedMs:0.0} ms [{CorrelationId}]")]
    private static partial void LogRequest(ILogger logger, string method, string route, int statusCode, double elapsedMs, string correlationId);
}
