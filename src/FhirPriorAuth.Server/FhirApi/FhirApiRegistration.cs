using FhirPriorAuth.Server.Auth;
using FhirPriorAuth.Server.FhirApi.Capabilities;
using FhirPriorAuth.Server.FhirApi.Validation;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.FhirApi;

/// <summary>The FHIR REST base at <c>/fhir</c>: limits, error contract, content negotiation, metadata and <c>$validate</c>.</summary>
public static class FhirApiRegistration
{
    public static IServiceCollection AddFhirApi(this IServiceCollection services)
    {
        services.AddOptions<ServerLimits>().BindConfiguration(ServerLimits.Section).ValidateDataAnnotations().ValidateOnStart();
        // Kestrel refuses oversized bodies itself, before the endpoint reads them.
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<ServerLimits>>((kestrel, limits) =>
            kestrel.Limits.MaxRequestBodySize = limits.Value.MaxRequestBodyBytes);

        services.AddSingleton<RequestBodyReader>();
        services.AddSingleton<FhirRequestReader>();
        services.AddSingleton<JsonBodyReader>();
        services.AddExceptionHandler<FhirExceptionHandler>();
        services.AddCapability<ValidateCapability>();
        return services;
    }

    /// <summary>Exceptions and bodiless 4xx/5xx under <c>/fhir</c> become OperationOutcomes.</summary>
    public static WebApplication UseFhirErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // FhirExceptionHandler answers every exception; this only satisfies the middleware's need for a fallback.
            ExceptionHandler = context =>
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return Task.CompletedTask;
            },
        });
        app.UseStatusCodePages(FhirStatusCodePages.WriteAsync);
        return app;
    }

    public static RouteGroupBuilder MapFhirApi(this IEndpointRouteBuilder endpoints)
    {
        var fhir = endpoints.MapGroup(FhirRoutes.Base)
            .AddEndpointFilter<ContentNegotiation>()
            .RequireAuthorization(AuthRegistration.FhirClientPolicy);

        // FHIR clients read the CapabilityStatement before they have a token (it tells them how to get one).
        fhir.MapGet(FhirRoutes.Metadata, CapabilityStatementEndpoint.Get).AllowAnonymous();
        fhir.MapValidateOperation();
        return fhir;
    }
}
