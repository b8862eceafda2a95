using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FhirPriorAuth.Server.Tests.Infrastructure;

namespace FhirPriorAuth.Server.Tests.Auth;

internal static class SmartRequests
{
    public const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    public const string ValidBody = """{"resourceType":"Patient","active":true}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A server with auth on and the test client registered (inline JWKS unless settings say otherwise).</summary>
    public static FhirServerFactory Server(TestClient client, string scopes = "system/*.*", Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Auth:Enabled"] = "true",
            ["Auth:Clients:0:ClientId"] = TestClient.Id,
            ["Auth:Clients:0:Jwks"] = client.Jwks,
            ["Auth:Clients:0:Scopes"] = scopes,
        };
        foreach (var (key, value) in extra ?? [])
            settings[key] = value;
        return new FhirServerFactory(settings);
    }

    public static Task<HttpResponseMessage> RequestToken(HttpClient http, string assertion, string scope = "system/Claim.c system/Questionnaire.rs", string grantType = "client_credentials") =>
        http.PostAsync("/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = grantType,
            ["client_assertion_type"] = AssertionType,
            ["client_assertion"] = assertion,
            ["scope"] = scope,
        }), Ct);

    public static async Task<JsonElement> Token(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"token request refused: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>Asserts an RFC 6749 error and returns its code.</summary>
    public static async Task<string> Error(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        var json = JsonDocument.Parse(text).RootElement;
        Assert.False(string.IsNullOrEmpty(json.GetProperty("error_description").GetString()));
        return json.GetProperty("error").GetString()!;
    }

    public static Task<HttpResponseMessage> Validate(HttpClient http, string? accessToken)
    {
        var request = FhirRequests.Post("/fhir/$validate", ValidBody);
        if (accessToken is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return http.SendAsync(request, Ct);
    }

    public static Task<HttpResponseMessage> Get(HttpClient http, string path, string accessToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        request.Headers.Accept.ParseAdd(FhirAssert.FhirJson);
        return http.SendAsync(request, Ct);
    }
}
