using FhirPriorAuth.Server.Auth;
using Microsoft.Extensions.DependencyInjection.Extensions;
using FhirPriorAuth.Server.CdsHooks.Security;
using Microsoft.Extensions.Options;

// In the CdsHooks namespace so CdsHooksRegistration needs no extra using.
namespace FhirPriorAuth.Server.CdsHooks;

public static class CdsClientAuthenticationRegistration
{
    /// <summary>
    /// The services behind <see cref="CdsClientAuthentication"/>: trusted clients from <c>CdsHooks:TrustedClients</c>
    /// (validated at start), their keys through the shared JWKS cache, and the jti replay cache.
    /// </summary>
    public static IServiceCollection AddCdsClientAuthentication(this IServiceCollection services)
    {
        services.AddOptions<CdsClientOptions>().BindConfiguration(CdsClientOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CdsClientOptions>, CdsClientsAreUsable>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(JwksCache.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.TryAddSingleton<JwksCache>();
        services.TryAddSingleton<ReplayCache>();
        services.AddSingleton<CdsClientTokens>();
        return services;
    }
}
