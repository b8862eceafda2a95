using System.Net;
using FhirPriorAuth.Server.Auth;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.CdsHooks.Security;

/// <summary>
/// Guards every CDS service invocation (<c>POST /cds-services/{id}</c>): the EHR's signed JWT must verify against a
/// trusted client's keys (<see cref="CdsClientTokens"/>). Discovery is not guarded. With authentication disabled
/// (loopback only) calls pass. A refusal is a bare 401 with <c>WWW-Authenticate: Bearer</c>: the reason goes to
/// the operator's log, never to the caller, and the token itself is never logged.
/// </summary>
public sealed partial class CdsClientAuthentication(
    IOptions<AuthOptions> auth, CdsClientTokens tokens, ILogger<CdsClientAuthentication> logger) : IEndpointFilter
{
    private const string ClientItem = "FhirPriorAuth.CdsClient";

    /// <summary>The trusted issuer (<c>iss</c>) of the call's JWT; null when authentication is disabled.</summary>
    public static string? CallingClient(HttpContext context) => context.Items[ClientItem] as string;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!auth.Value.Enabled)
        {
            // Second line of defence behind the start-up check, as for /fhir: the in-process test host has no socket.
            if (http.Connection.LocalIpAddress is { } local && !IPAddress.IsLoopback(local))
                return Unauthorized(http, "authentication is disabled and the call did not arrive on loopback", null);
            return await next(context);
        }

        var check = await tokens.CheckAsync(http);
        if (!check.Accepted)
            return Unauthorized(http, check.Refusal!, check.Issuer);
        http.Items[ClientItem] = check.Issuer;
        return await next(context);
    }

    private IResult Unauthorized(HttpContext http, string reason, string? issuer)
    {
        LogRefused(logger, http.Request.Path.Value ?? "", issuer ?? "(unidentified)", reason);
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return Results.StatusCode(StatusCodes.Status401Unauthorized);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a CDS service call to {Path} from {Issuer}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string path, string issuer, string reason);
}
