using FhirPriorAuth.Server.Auth;
using FhirPriorAuth.Server.FhirApi;
using FhirPriorAuth.Server.Audit;
using FhirPriorAuth.Server.FhirApi.Capabilities;

namespace FhirPriorAuth.Server.Pas.Pas201;

/// <summary>
/// PAS STU 2.0.1 (the version CMS-0057-F names) on its own base, <c>/fhir/pas-2.0.1</c>: PAS 2.2.1 conf-1 asks for a
/// distinct endpoint per PAS version that is not inter-compatible, and 2.0.1 answers <c>$inquire</c> differently.
/// Requests are decided and stored exactly as on <c>/fhir</c> (one store, so a request sent on one base is found
/// from the other); only the shape of the answers differs (<see cref="Pas201Shape"/>).
/// </summary>
public static class Pas201Routes
{
    /// <summary>The base path, also the key under which 2.0.1 capability entries are registered.</summary>
    public const string Base = FhirRoutes.Base + "/" + Segment;

    /// <summary>The first path segment under <c>/fhir</c> (the scope table strips it: the same scopes apply).</summary>
    public const string Segment = "pas-2.0.1";

    public const string Version = "2.0.1";

    public static IServiceCollection AddPas201(this IServiceCollection services)
    {
        services.AddKeyedSingleton<ICapabilityContribution, Pas201Capability>(Base);
        // The same security note as /fhir/metadata: authentication is identical on both bases.
        services.AddKeyedSingleton<ICapabilityContribution, AuthCapability>(Base);
        return services;
    }

    /// <summary>
    /// A route group on the 2.0.1 base with the FHIR content negotiation and the same authorization as <c>/fhir</c>.
    /// The seam for further 2.0.1 endpoints (the id-only Subscription endpoints): map them on a group from here and
    /// declare them with an <see cref="ICapabilityContribution"/> registered keyed by <see cref="Base"/>, so
    /// <c>/fhir/pas-2.0.1/metadata</c> lists them.
    /// </summary>
    public static RouteGroupBuilder Group(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGroup(Base)
            .AddEndpointFilter<ContentNegotiation>()
            .RequireAuthorization(AuthRegistration.FhirClientPolicy);

    /// <summary>Maps the 2.0.1 metadata, <c>$submit</c> and <c>$inquire</c>.</summary>
    public static RouteGroupBuilder MapPas201(this IEndpointRouteBuilder endpoints)
    {
        var pas = Group(endpoints);
        pas.MapGet(FhirRoutes.Metadata, Pas201Metadata.Get).AllowAnonymous();
        pas.MapPost("Claim/$submit", Pas201Operations.SubmitAsync).AddEndpointFilter(new AuditFilter(AuditOperations.Submit));
        pas.MapPost("Claim/$inquire", Pas201Operations.InquireAsync).AddEndpointFilter(new AuditFilter(AuditOperations.Inquire));
        return pas;
    }
}

/// <summary>Claim with the 2.0.1 <c>$submit</c> and <c>$inquire</c>, by their versioned canonicals.</summary>
internal sealed class Pas201Capability : ICapabilityContribution
{
    public void Contribute(CapabilityStatementBuilder statement) =>
        statement.Resource("Claim")
            .AddOperation("submit", PasCodes.SubmitDefinition + "|" + Pas201Routes.Version)
            .AddOperation("inquire", InquireOperation.Definition + "|" + Pas201Routes.Version);
}
