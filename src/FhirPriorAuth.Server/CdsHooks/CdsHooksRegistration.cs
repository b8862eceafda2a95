namespace FhirPriorAuth.Server.CdsHooks;

/// <summary>The CDS Hooks base at <c>/cds-services</c>: discovery, open and CORS-enabled as CDS Hooks expects.</summary>
public static class CdsHooksRegistration
{
    public const string Base = "/cds-services";

    /// <summary>CDS clients run in EHR browsers on other origins; discovery carries no PHI, so any origin may read it.</summary>
    public const string CorsPolicy = "CdsHooks";

    public static IServiceCollection AddCdsHooks(this IServiceCollection services)
    {
        services.AddSingleton<CdsServiceRegistry>();
        services.AddCdsClientAuthentication();
        services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy => policy
            .AllowAnyOrigin()
            .WithMethods(HttpMethods.Get, HttpMethods.Post)
            .WithHeaders("Authorization", "Content-Type")));
        return services;
    }

    public static IServiceCollection AddCdsService<TService>(this IServiceCollection services)
        where TService : class, ICdsService =>
        services.AddSingleton<ICdsService, TService>();

    public static RouteGroupBuilder MapCdsHooks(this IEndpointRouteBuilder endpoints)
    {
        var cds = endpoints.MapGroup(Base).RequireCors(CorsPolicy);
        cds.MapGet("", (CdsServiceRegistry registry) =>
            TypedResults.Json(new DiscoveryResponse([.. registry.All.Select(s => s.Descriptor)])));
        return cds;
    }

    private sealed record DiscoveryResponse(IReadOnlyList<CdsServiceDescriptor> Services);
}
