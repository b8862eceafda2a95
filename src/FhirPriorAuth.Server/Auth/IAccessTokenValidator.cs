using System.Security.Claims;

namespace FhirPriorAuth.Server.Auth;

/// <summary>
/// Decides whether a bearer access token presented to <c>/fhir</c> is acceptable (SMART Backend Services
/// registers the real one). While none is registered, every token is refused: the gate fails closed.
/// </summary>
public interface IAccessTokenValidator
{
    /// <returns>The caller's identity, or null when the token is not accepted (expired, wrong audience, unknown issuer...).</returns>
    Task<ClaimsPrincipal?> ValidateAsync(string accessToken, CancellationToken cancellationToken);
}
