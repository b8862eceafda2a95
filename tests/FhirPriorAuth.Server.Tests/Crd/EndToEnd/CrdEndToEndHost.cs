using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Tests.CdsHooks.Security;
using FhirPriorAuth.Server.Tests.Infrastructure;

namespace FhirPriorAuth.Server.Tests.Crd.EndToEnd;

/// <summary>
/// The whole CRD path as an EHR meets it: the real server with authentication on and the test EHR trusted by its
/// inline JWKS, plain-http FHIR servers allowed for the EHR's FHIR server (a real loopback <see cref="FhirServerStub"/>),
/// and a DTR app configured for the coverage card's launch link. One per test class: calls differ only by their jti.
/// </summary>
public sealed class CrdEndToEndHost : IAsyncLifetime
{
    public const string DtrLaunchUrl = "https://dtr.example.org/launch";

    internal TestEhr Ehr { get; } = new();

    internal FhirServerStub FhirServer { get; private set; } = null!;

    internal FhirServerFactory Server { get; private set; } = null!;

    internal HttpClient Http { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        FhirServer = await FhirServerStub.StartAsync();
        Server = new FhirServerFactory(new Dictionary<string, string?>
        {
            ["Auth:Enabled"] = "true",
            ["CdsHooks:TrustedClients:0:Issuer"] = TestEhr.Issuer,
            ["CdsHooks:TrustedClients:0:Jwks"] = Ehr.Jwks,
            ["CdsHooks:FhirServer:AllowHttp"] = "true",
            ["Crd:DtrLaunchUrl"] = DtrLaunchUrl,
        });
        Http = Server.CreateClient();
    }

    /// <summary>The JWT the EHR signs for a call to <paramref name="service"/>: a fresh jti each time.</summary>
    internal string Token(string service, string alg = "ES384") =>
        Ehr.Sign(alg, TestEhr.Claims(DateTimeOffset.UtcNow, $"http://localhost/cds-services/{service}"));

    /// <summary>A fresh access token for the EHR's FHIR server, so each call's queries can be told apart.</summary>
    internal static string AccessToken() => "ehr-access-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));

    internal Task<HttpResponseMessage> Post(string service, JsonObject body, string? jwt)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/cds-services/{service}")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (jwt is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", jwt);
        return Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        await FhirServer.DisposeAsync();
        Ehr.Dispose();
    }
}
