using FhirPriorAuth.Server.CdsHooks.Prefetch;
using FhirPriorAuth.Server.CdsHooks.Retention;
using FhirPriorAuth.Server.CdsHooks.Security;
using FhirPriorAuth.Server.Crd;

namespace FhirPriorAuth.Server.CdsHooks;

/// <summary>
/// The CDS Hooks base at <c>/cds-services</c>: discovery (open, CORS-enabled as CDS Hooks expects) and
/// <c>POST /cds-services/{id}</c> behind the CDS client JWT check.
/// </summary>
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
        services.AddOptions<CdsHooksOptions>().BindConfiguration(CdsHooksOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // No redirects (the token must reach only the server the client named) and no HttpClient logging (URLs hold patient ids).
        services.AddHttpClient(FhirServerFetcher.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            .RemoveAllLoggers();
        services.AddSingleton<FhirServerFetcher>();
        services.AddSingleton<CdsExchangeLog>();
        services.AddSingleton<CdsExchangePurge>();
        // The services hosted here: CRD's, one per hook.
        services.AddCrd();
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
        cds.MapPost("{id}", CdsInvocationEndpoint.PostAsync).AddEndpointFilter<CdsClientAuthentication>();
        cds.MapPost("{id}/feedback", CdsFeedbackEndpoint.PostAsync).AddEndpointFilter<CdsClientAuthentication>();
        endpoints.MapCdsReview();
        return cds;
    }

    private sealed record DiscoveryResponse(IReadOnlyList<CdsServiceDescriptor> Services);
}
