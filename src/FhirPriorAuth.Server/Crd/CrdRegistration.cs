using FhirPriorAuth.Server.CdsHooks;
using FhirPriorAuth.Server.CdsHooks.Prefetch;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FhirPriorAuth.Server.Crd;

/// <summary>The CRD services: one CDS service per hook in <see cref="CrdHooks.All"/>.</summary>
public static class CrdRegistration
{
    public static IServiceCollection AddCrd(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ICrdResponder, NoCardsResponder>();
        services.TryAddSingleton<ExistingAuthorizations>();
        foreach (var hook in CrdHooks.All)
            services.AddSingleton<ICdsService>(sp => new CrdService(hook, sp.GetRequiredService<FhirServerFetcher>(),
                sp.GetRequiredService<ICrdResponder>(), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ExistingAuthorizations>(),
                sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<FhirApi.ServerLimits>>().Value.MaxCdsOrdersPerCall));
        return services;
    }
}
