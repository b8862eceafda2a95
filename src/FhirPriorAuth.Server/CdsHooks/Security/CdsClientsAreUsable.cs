using FhirPriorAuth.Server.Auth;
using FhirPriorAuth.Server.Auth.Jose;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.CdsHooks.Security;

/// <summary>
/// Refuses to start with a CDS client registration that could never verify a token or would be ambiguous, so a
/// typo shows at deployment rather than as every hook call from that EHR getting 401.
/// </summary>
internal sealed class CdsClientsAreUsable : IValidateOptions<CdsClientOptions>
{
    public ValidateOptionsResult Validate(string? name, CdsClientOptions options)
    {
        var problems = new List<string>();
        if (!string.IsNullOrEmpty(options.PublicBaseUrl)
            && (!JwksCache.IsHttpUrl(options.PublicBaseUrl) || new Uri(options.PublicBaseUrl).Query.Length > 0))
            problems.Add($"{CdsClientOptions.Section}:PublicBaseUrl must be an absolute http or https URL without a query");
        for (var i = 0; i < options.TrustedClients.Count; i++)
        {
            var client = options.TrustedClients[i];
            var at = $"{CdsClientOptions.Section}:TrustedClients:{i}";
            if (string.IsNullOrWhiteSpace(client.Issuer))
                problems.Add($"{at}:Issuer is required");
            else if (options.TrustedClients.Count(c => c.Issuer == client.Issuer) > 1)
                problems.Add($"{at}:Issuer '{client.Issuer}' is registered more than once");
            var hasJwks = !string.IsNullOrWhiteSpace(client.Jwks);
            var hasUrl = !string.IsNullOrWhiteSpace(client.JwksUrl);
            if (hasJwks == hasUrl)
                problems.Add($"{at} needs exactly one of Jwks or JwksUrl (its public keys)");
            if (hasUrl && !JwksCache.IsHttpUrl(client.JwksUrl!))
                problems.Add($"{at}:JwksUrl must be an absolute http or https URL");
            if (hasJwks && !HasUsableKey(client.Jwks!))
                problems.Add($"{at}:Jwks is not a JWK Set with at least one RSA (2048+ bits) or EC P-384 signing key");
            for (var j = 0; j < client.AllowedJku.Count; j++)
            {
                if (!JwksCache.IsHttpUrl(client.AllowedJku[j]))
                    problems.Add($"{at}:AllowedJku:{j} must be an absolute http or https URL");
            }
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

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
