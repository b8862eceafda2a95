using FhirPriorAuth.Server.Auth.Jose;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.Auth;

/// <summary>The SMART discovery document and the token endpoint, both open (they are how a client gets a token).</summary>
public static class SmartEndpoints
{
    public const string ConfigurationPath = "/.well-known/smart-configuration";

    /// <summary>
    /// Scopes this server understands (SMART v2); v1 spellings (.read, .write, .*) are accepted too. The Task scopes
    /// are the reviewer's (the /review API): reading the work list and tasks, and deciding.
    /// </summary>
    public static readonly IReadOnlyList<string> SupportedScopes =
    [
        "system/Claim.c", "system/Claim.r", "system/ClaimResponse.r", "system/Subscription.cud", "system/Subscription.rs",
        "system/Questionnaire.rs", "system/Library.rs", "system/ValueSet.rs", "system/Task.rs", "system/Task.u",
    ];

    public static IEndpointRouteBuilder MapSmartBackendServices(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(ConfigurationPath, Configuration).AllowAnonymous();
        endpoints.MapGet("/fhir" + ConfigurationPath, Configuration).AllowAnonymous();
        endpoints.MapPost(ServerUrls.TokenPath, (HttpContext context, TokenEndpoint token) => token.PostAsync(context))
            .AllowAnonymous().DisableAntiforgery();
        return endpoints;
    }

    private static IResult Configuration(HttpContext context, IOptions<AuthOptions> options) => Results.Json(new Dictionary<string, object>
    {
        ["issuer"] = ServerUrls.Issuer(context, options.Value),
        ["token_endpoint"] = ServerUrls.TokenEndpoint(context, options.Value),
        ["token_endpoint_auth_methods_supported"] = new[] { "private_key_jwt" },
        ["token_endpoint_auth_signing_alg_values_supported"] = CompactJws.SupportedAlgorithms,
        ["grant_types_supported"] = new[] { "client_credentials" },
        ["scopes_supported"] = SupportedScopes,
        ["capabilities"] = new[] { "client-confidential-asymmetric", "permission-v2" },
    });
}
