using System.Net.Http.Headers;
using FhirPriorAuth.Server.Tests.Auth;

namespace FhirPriorAuth.Server.Tests.EndToEnd;

/// <summary>
/// A SMART Backend Services client as the payer registers it: an id, its own key pair and the scopes it may be
/// granted. It gets real access tokens from <c>/auth/token</c> with a signed client assertion.
/// </summary>
internal sealed class SmartSystem(string clientId, string scopes) : IDisposable
{
    private readonly TestClient _keys = new();

    public string ClientId { get; } = clientId;

    public string Scopes { get; } = scopes;

    /// <summary>
    /// The provider's EHR: submits (<c>Claim.c</c>), inquires (<c>Claim.r</c>; <c>ClaimResponse.r</c> as PAS clients
    /// commonly ask for it too), and creates and reads its Subscription (<c>Subscription.c</c>, <c>Subscription.r</c>).
    /// </summary>
    public static SmartSystem SubmittingEhr() => new("ehr-riverside-oncology", SubmitterScopes);

    /// <summary>Another submitting system registered with exactly the EHR's scopes.</summary>
    public static SmartSystem OtherSubmittingEhr() => new("ehr-lakeside-clinic", SubmitterScopes);

    private const string SubmitterScopes = "system/Claim.c system/Claim.r system/ClaimResponse.r system/Subscription.c system/Subscription.r";

    /// <summary>The payer's utilization-management desk: reads and decides review Tasks, nothing else.</summary>
    public static SmartSystem ReviewDesk() => new("um-review-desk", "system/Task.rus");

    /// <summary>The registration an operator writes under <c>Auth:Clients:{index}</c>.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Registration(int index)
    {
        yield return new($"Auth:Clients:{index}:ClientId", ClientId);
        yield return new($"Auth:Clients:{index}:Jwks", _keys.Jwks);
        yield return new($"Auth:Clients:{index}:Scopes", Scopes);
    }

    /// <summary>Asks the server's token endpoint for an access token with every scope the system is registered for.</summary>
    public async Task<string> TokenAsync(HttpClient http)
    {
        var claims = TestClient.Claims();
        claims["iss"] = ClientId;
        claims["sub"] = ClientId;
        var token = await SmartRequests.Token(await SmartRequests.RequestToken(http, _keys.Sign("ES384", claims), Scopes));
        Assert.Equal(Scopes, token.GetProperty("scope").GetString());
        return token.GetProperty("access_token").GetString()!;
    }

    public static HttpRequestMessage Authorized(HttpRequestMessage request, string token)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    public void Dispose() => _keys.Dispose();
}
