using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FhirPriorAuth.Server.Auth.Jose;
using FhirPriorAuth.Server.Tests.Infrastructure;

namespace FhirPriorAuth.Server.Tests.DtrApp;

/// <summary>
/// The payer token the DTR app gets at <c>POST /dtr/session</c> may submit PAS requests (<c>Claim.c</c>) only for users
/// of an EHR configured with <c>AllowClaimSubmit</c>; for any other EHR it reaches forms, not <c>Claim/$submit</c>.
/// </summary>
public sealed class DtrSessionClaimScopeTests : IDisposable
{
    private const string Submitting = "https://ehr-a.example.org/fhir";
    private const string FormsOnly = "https://ehr-b.example.org/fhir";
    private const string ClientId = "payer-dtr-app";
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP384);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private FhirServerFactory Server()
    {
        var jwks = $"{{\"keys\":[{JsonSerializer.Serialize(JsonWebKeys.ToPublicJwk(_key, "ehr-1"))}]}}";
        return new FhirServerFactory(new Dictionary<string, string?>
        {
            ["Auth:Enabled"] = "true",
            ["DtrApp:Ehrs:0:Name"] = "A", ["DtrApp:Ehrs:0:FhirBaseUrl"] = Submitting, ["DtrApp:Ehrs:0:ClientId"] = ClientId,
            ["DtrApp:Ehrs:0:Jwks"] = jwks, ["DtrApp:Ehrs:0:AllowClaimSubmit"] = "true",
            ["DtrApp:Ehrs:1:Name"] = "B", ["DtrApp:Ehrs:1:FhirBaseUrl"] = FormsOnly, ["DtrApp:Ehrs:1:ClientId"] = ClientId,
            ["DtrApp:Ehrs:1:Jwks"] = jwks,
        });
    }

    private async Task<JsonElement> SessionAsync(HttpClient http, string ehr)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var idToken = CompactJws.SignEs384(_key, "ehr-1", new Dictionary<string, object>
        {
            ["iss"] = ehr, ["aud"] = ClientId, ["sub"] = "dr-lee", ["fhirUser"] = ehr + "/Practitioner/dr-lee",
            ["iat"] = now, ["exp"] = now + 300,
        });
        using var response = await http.PostAsJsonAsync("/dtr/session", new { iss = ehr, id_token = idToken }, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<HttpStatusCode> SubmitAsync(HttpClient http, string token)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/fhir/Claim/$submit")
        {
            // Not a valid PAS request: past authorization it is a 400, before it a 401/403.
            Content = new StringContent("{\"resourceType\":\"Bundle\",\"type\":\"collection\"}", Encoding.UTF8, "application/fhir+json"),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(message, Ct);
        return response.StatusCode;
    }

    [Fact]
    public async Task Given_AnEhrAllowedToSubmit_When_ItsUsersAppOpensAPayerSession_Then_TheTokenCarriesClaimCAndReachesSubmit()
    {
        await using var server = Server();
        var http = server.CreateClient();

        var session = await SessionAsync(http, Submitting);

        Assert.Contains("system/Claim.c", session.GetProperty("scope").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, await SubmitAsync(http, session.GetProperty("access_token").GetString()!));
    }

    [Fact]
    public async Task Given_AnEhrNotAllowedToSubmit_When_ItsUsersAppOpensAPayerSession_Then_TheTokenHasNoClaimScopeAndSubmitIsForbidden()
    {
        await using var server = Server();
        var http = server.CreateClient();

        var session = await SessionAsync(http, FormsOnly);

        Assert.DoesNotContain("Claim", session.GetProperty("scope").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, await SubmitAsync(http, session.GetProperty("access_token").GetString()!));
    }

    public void Dispose() => _key.Dispose();
}
