using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.Auth;

/// <summary>
/// Refuses to start with authentication on and no public URL configured unless every bound address is loopback: the
/// audiences would otherwise have nothing trustworthy to come from.
/// </summary>
internal sealed class PublicUrlIsConfigured(IConfiguration configuration) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        if (!options.Enabled || !string.IsNullOrEmpty(options.TokenEndpoint))
            return ValidateOptionsResult.Success;
        var exposed = LoopbackBinding.ExposedAddresses(configuration);
        return exposed.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Auth:TokenEndpoint (the token endpoint's public URL, e.g. https://payer.example.org/auth/token) is required when the " +
                $"server listens beyond loopback ({string.Join(", ", exposed)}): token audiences are never taken from request headers.");
    }
}
