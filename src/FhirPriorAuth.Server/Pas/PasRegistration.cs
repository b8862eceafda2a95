using FhirPriorAuth.Server.Audit;
using FhirPriorAuth.Server.Auth;
using FhirPriorAuth.Server.FhirApi;
using FhirPriorAuth.Server.FhirApi.Capabilities;
using FhirPriorAuth.Server.Pas.Notifications;
using FhirPriorAuth.Server.Pas.Review;
using FhirPriorAuth.Server.Pas.Pas201;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FhirPriorAuth.Server.Pas;

/// <summary>The payer side of PAS 2.2.1 (<c>/fhir</c>) and 2.0.1 (<c>/fhir/pas-2.0.1</c>): <c>Claim/$submit</c> and <c>Claim/$inquire</c>.</summary>
public static class PasRegistration
{
    /// <summary>Needs the policy catalog AddDtr registers.</summary>
    public static IServiceCollection AddPas(this IServiceCollection services)
    {
        services.AddCapability<PasCapability>();
        services.AddOptions<PasOptions>().BindConfiguration(PasOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IClaimResponseNotifier, NoClaimResponseNotifier>();
        services.AddPasReview();
        services.AddPas201();
        return services;
    }

    public static IEndpointRouteBuilder MapPas(this IEndpointRouteBuilder endpoints)
    {
        var fhir = endpoints.MapGroup(FhirRoutes.Base)
            .AddEndpointFilter<ContentNegotiation>()
            .RequireAuthorization(AuthRegistration.FhirClientPolicy);
        fhir.MapPost("Claim/$submit", SubmitOperation.PostAsync).AddEndpointFilter(new AuditFilter(AuditOperations.Submit));
        fhir.MapPost("Claim/$inquire", InquireOperation.PostAsync).AddEndpointFilter(new AuditFilter(AuditOperations.Inquire));
        endpoints.MapPasReview();
        endpoints.MapPas201();
        return endpoints;
    }
}

/// <summary>Declares Claim and its <c>$submit</c> and <c>$inquire</c> operations by the PAS IG's canonical.</summary>
internal sealed class PasCapability : ICapabilityContribution
{
    public void Contribute(CapabilityStatementBuilder statement) =>
        statement.Resource("Claim").AddOperation("submit", PasCodes.SubmitDefinition)
            .AddOperation("inquire", InquireOperation.Definition);
}
