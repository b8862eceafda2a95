using System.Net;
using System.Security.Cryptography;

namespace FhirPriorAuth.Server.Tests.Crd.EndToEnd;

/// <summary>
/// Every CRD service refuses a call the trusted EHR did not sign for it: no JWT, a JWT signed with a key the EHR never
/// published, a JWT already used once, or one addressed to another service. The refusal is a bare 401 (no body, nothing
/// about the patient or the policy) and comes before any work: the EHR's FHIR server is never asked.
/// </summary>
public sealed class CrdUnauthenticatedCallTests(CrdEndToEndHost host) : IClassFixture<CrdEndToEndHost>
{
    public static TheoryData<string, string> Matrix()
    {
        var rows = new TheoryData<string, string>();
        foreach (var hook in CrdScenario.Hooks)
            foreach (var refusal in new[] { "unsigned", "wrong-key", "replayed", "other-service" })
                rows.Add(hook, refusal);
        return rows;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task A_call_not_signed_by_the_trusted_EHR_for_this_service_is_refused_before_anything_is_read(string hook, string refusal)
    {
        var scenario = CrdScenario.All[Array.IndexOf(CrdScenario.Hooks, hook) % CrdScenario.All.Count];
        var service = CrdScenario.ServiceOf(hook);
        var (request, _) = scenario.Request(hook, prefetch: false, host.FhirServer.BaseUrl, CrdEndToEndHost.AccessToken());
        host.FhirServer.Ehr = scenario.Record().Ehr.Answer;
        string? jwt;
        switch (refusal)
        {
            case "unsigned":
                jwt = null;
                break;
            case "wrong-key":
                using (var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP384))
                    jwt = host.Ehr.Sign("ES384", CdsHooks.Security.TestEhr.Claims(DateTimeOffset.UtcNow, $"http://localhost/cds-services/{service}"), ecKey: stranger);
                break;
            case "replayed":
                jwt = host.Token(service);
                Assert.Equal(HttpStatusCode.OK, (await host.Post(service, request, jwt)).StatusCode);
                request["hookInstance"] = Guid.NewGuid().ToString();
                break;
            default:
                jwt = host.Token(service == "crd-order-sign" ? "crd-order-select" : "crd-order-sign");
                break;
        }
        host.FhirServer.Requests.Clear();
        var logged = host.Server.Logs.Count;

        var response = await host.Post(service, request, jwt);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).ToString());
        Assert.Equal("", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Empty(host.FhirServer.Requests);
        // Refused for the reason the row is about (the operator's log says why; the caller is told nothing).
        var line = Assert.Single(host.Server.Logs.Skip(logged), l => l.Contains("Refused a CDS service call", StringComparison.Ordinal));
        Assert.Contains(refusal switch
        {
            "unsigned" => "no bearer token",
            "wrong-key" => "verifies the signature",
            "replayed" => "jti replayed",
            _ => $"aud is not http://localhost/cds-services/{service}",
        }, line, StringComparison.Ordinal);
        if (jwt is not null)
            Assert.DoesNotContain(host.Server.Logs, l => l.Contains(jwt, StringComparison.Ordinal));
    }
}
