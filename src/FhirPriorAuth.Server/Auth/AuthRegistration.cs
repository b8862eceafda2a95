using System.Net;
using FhirPriorAuth.Server.FhirApi.Capabilities;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.Auth;

/// <summary>The authentication gate in front of <c>/fhir</c>: bearer tokens when enabled, loopback-only when not.</summary>
public static partial class AuthRegistration
{
    /// <summary>The policy FHIR endpoints require; open endpoints (metadata) opt out with AllowAnonymous.</summary>
    public const string FhirClientPolicy = "FhirClient";

    public static IServiceCollection AddFhirAuth(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, DisabledAuthNeedsLoopback>();
        services.AddSingleton<IValidateOptions<AuthOptions>, SmartClientsAreUsable>();
        services.AddSingleton<IValidateOptions<AuthOptions>, PublicUrlIsConfigured>();

        services.AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, configureOptions: null);
        services.AddAuthorization();
        // Options are read when first used, after every configuration source (tests included) has been applied.
        services.AddOptions<AuthorizationOptions>().Configure<IOptions<AuthOptions>>((authorization, auth) =>
            authorization.AddPolicy(FhirClientPolicy, auth.Value.Enabled
                ? policy => policy.AddAuthenticationSchemes(BearerTokenHandler.SchemeName).RequireAuthenticatedUser()
                    .AddRequirements(new FhirScopeRequirement())
                : policy => policy.RequireAssertion(ArrivedOnLoopback)));
        services.AddSingleton<IAuthorizationHandler, FhirScopeRequirement>();
        services.AddCapability<AuthCapability>();
        AddSmartBackendServices(services);
        return services;
    }

    private static void AddSmartBackendServices(IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddHttpClient(ClientKeys.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.TryAddSingleton<JwksCache>();
        services.AddSingleton<ClientKeys>();
        // Signing key and used assertions live in storage (AddFhirStorage registers first, so its migration runs first).
        services.AddSingleton(provider => new AuthStateStore(provider.GetRequiredService<Storage.Sql.IStorageBackend>()));
        services.AddSingleton<AccessTokenSigningKey>();
        services.AddHostedService<AuthStateStartup>();
        services.TryAddSingleton<ReplayCache>();
        services.AddSingleton<AccessTokens>();
        services.TryAddSingleton<IAccessTokenValidator>(sp => sp.GetRequiredService<AccessTokens>());
        services.AddSingleton<TokenEndpoint>();
    }

    public static WebApplication UseFhirAuth(this WebApplication app)
    {
        // Read once started: the options are validated at start, and reading them earlier would bypass that check's reporting.
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            if (!app.Services.GetRequiredService<IOptions<AuthOptions>>().Value.Enabled)
                LogAuthDisabled(app.Logger);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// Second line of defence behind the start-up check: with auth off, a request that reached a non-loopback
    /// interface anyway is refused. The in-process test host has no socket (null address) and counts as loopback.
    /// </summary>
    private static bool ArrivedOnLoopback(AuthorizationHandlerContext context) =>
        context.Resource is not HttpContext http
        || http.Connection.LocalIpAddress is not { } local
        || IPAddress.IsLoopback(local);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "AUTHENTICATION IS DISABLED (Auth:Enabled=false): /fhir accepts requests without an access token. Allowed only because every bound address is loopback; never run a shared or production server like this.")]
    private static partial void LogAuthDisabled(ILogger logger);

    /// <summary>Refuses to start with auth disabled unless every configured address is loopback.</summary>
    private sealed class DisabledAuthNeedsLoopback(IConfiguration configuration) : IValidateOptions<AuthOptions>
    {
        public ValidateOptionsResult Validate(string? name, AuthOptions options)
        {
            if (options.Enabled)
                return ValidateOptionsResult.Success;
            var exposed = LoopbackBinding.ExposedAddresses(configuration);
            return exposed.Count == 0
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(
                    $"Auth:Enabled=false is only allowed when the server listens on loopback addresses (127.0.0.0/8, ::1, localhost); " +
                    $"these are not: {string.Join(", ", exposed)}. Enable authentication or bind to 127.0.0.1.");
        }
    }
}

/// <summary>Tells clients in the CapabilityStatement how to authenticate.</summary>
internal sealed class AuthCapability(IOptions<AuthOptions> options) : ICapabilityContribution
{
    public void Contribute(CapabilityStatementBuilder statement) =>
        statement.AddSecurityNote(options.Value.Enabled
            ? "Requests other than metadata need an OAuth 2.0 bearer access token (Authorization: Bearer) from SMART Backend "
              + "Services: client_credentials with a private_key_jwt assertion (RS384 or ES384) at /auth/token; "
              + "see /.well-known/smart-configuration for the token endpoint and scopes."
            : "Authentication is disabled on this loopback-only development server.");
}
