using FhirPriorAuth.Server.Auth;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.CdsHooks.Security;

/// <summary>
/// Guards every CDS service invocation (<c>POST /cds-services/{id}</c>): the EHR's signed JWT must verify against a
/// trusted client's keys. Discovery is not guarded. With authentication disabled (loopback only) calls pass.
/// PLACEHOLDER until the CDS client JWT check lands: refuses every call while authentication is on.
/// </summary>
public sealed class CdsClientAuthentication(IOptions<AuthOptions> auth) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!auth.Value.Enabled)
            return await next(context);
        return Results.StatusCode(StatusCodes.Status401Unauthorized);
    }
}
