using FhirPriorAuth.Server.Auth;
using FhirPriorAuth.Server.FhirApi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.Tests.Infrastructure;

/// <summary>
/// Runs the start-up option checks exactly as the application registers them, without starting a host:
/// the in-process test host sometimes reports its own ObjectDisposedException instead of a failed start,
/// so refusals are asserted here and once end to end in a real process (StartupRefusalTests).
/// </summary>
internal static class StartupChecks
{
    /// <summary>The validation failure message, or null when the configuration is accepted.</summary>
    public static string? Refusal(IReadOnlyDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddFhirApi();
        services.AddFhirAuth();
        using var provider = services.BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptions<AuthOptions>>().Value;
            _ = provider.GetRequiredService<IOptions<ServerLimits>>().Value;
            return null;
        }
        catch (OptionsValidationException refusal)
        {
            return refusal.Message;
        }
    }
}
