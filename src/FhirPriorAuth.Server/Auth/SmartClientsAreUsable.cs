using FhirPriorAuth.Server.Auth.Jose;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.Auth;

/// <summary>
/// Refuses to start with a client registration that could never work or would be ambiguous, so a typo shows at
/// deployment rather than as every token request failing with invalid_client.
/// </summary>
internal sealed class SmartClientsAreUsable : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var problems = new List<string>();
        if (options.AccessTokenLifetimeSeconds is < 1 or > 3600)
            problems.Add("Auth:AccessTokenLifetimeSeconds must be between 1 and 3600");
        if (!string.IsNullOrEmpty(options.TokenEndpoint) && !IsHttpUrl(options.TokenEndpoint))
            problems.Add("Auth:TokenEndpoint must be an absolute http or https URL");
        for (var i = 0; i < options.Clients.Count; i++)
        {
            var client = options.Clients[i];
            var at = $"Auth:Clients:{i}";
            if (string.IsNullOrWhiteSpace(client.ClientId))
                problems.Add($"{at}:ClientId is required");
            else if (options.Clients.Count(c => c.ClientId == client.ClientId) > 1)
                problems.Add($"{at}:ClientId '{client.ClientId}' is registered more than once");
            var hasJwks = !string.IsNullOrWhiteSpace(client.Jwks);
            var hasUrl = !string.IsNullOrWhiteSpace(client.JwksUrl);
            if (hasJwks == hasUrl)
                problems.Add($"{at} needs exactly one of Jwks or JwksUrl");
            if (hasUrl && !IsHttpUrl(client.JwksUrl!))
                problems.Add($"{at}:JwksUrl must be an absolute http or https URL");
            if (hasJwks && !HasUsableKey(client.Jwks!))
                problems.Add($"{at}:Jwks is not a JWK Set with at least one RSA (2048+ bits) or EC P-384 signing key");
            var scopes = client.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (scopes.Length == 0 || scopes.Any(s => SmartScope.TryParse(s) is null))
                problems.Add($"{at}:Scopes must list system/ scopes such as system/Claim.c (got '{client.Scopes}')");
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static bool IsHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    private static bool HasUsableKey(string jwks)
    {
        try
        {
            return JsonWebKeys.ParseSet(jwks).Count > 0;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException)
        {
            return false;
        }
    }
}
