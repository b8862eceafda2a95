using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using FhirPriorAuth.Browser.Tests.Ehr;
using FhirPriorAuth.Browser.Tests.Infrastructure;
using FhirPriorAuth.Policies.Tests.Builders;
using FhirPriorAuth.Server.Auth.Jose;

namespace FhirPriorAuth.Browser.Tests.Reviewer;

/// <summary>
/// Chromium, the payer's identity provider, and the payer server (authentication on, its clock set by the test) with a
/// registered provider system that submits PAS requests, so the review queue holds pended requests.
/// </summary>
public sealed class ReviewerWorld : IAsyncLifetime
{
    private const string Submitter = "ehr-riverside-oncology";
    private const string CdsIssuer = "https://ehr.riverside-oncology.example";
    private readonly ECDsa _submitterKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);

    public Chromium Chromium { get; } = new();

    public TestOpenIdProvider Idp { get; private set; } = null!;

    public PayerServer Payer { get; private set; } = null!;

    // From the real time: cookies the server sets expire by its clock, and the browser judges them by the real one.
    public SettableClock Clock { get; } = new(DateTimeOffset.UtcNow);

    public HttpClient Http { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Chromium.InitializeAsync();
        Idp = await TestOpenIdProvider.StartAsync();
        Payer = new PayerServer(new Dictionary<string, string?>
        {
            ["ReviewerUi:Authority"] = Idp.Issuer,
            ["ReviewerUi:ClientId"] = TestOpenIdProvider.ClientId,
            ["ReviewerUi:RequireHttpsMetadata"] = "false",
            ["Auth:Clients:0:ClientId"] = Submitter,
            ["Auth:Clients:0:Jwks"] = $"{{\"keys\":[{System.Text.Json.JsonSerializer.Serialize(JsonWebKeys.ToPublicJwk(_submitterKey, "submitter-1"))}]}}",
            ["Auth:Clients:0:Scopes"] = "system/Claim.c system/Claim.r",
            // The same provider system calls CRD (the calls kept for an order show on its task).
            ["CdsHooks:TrustedClients:0:Issuer"] = CdsIssuer,
            ["CdsHooks:TrustedClients:0:Jwks"] = $"{{\"keys\":[{System.Text.Json.JsonSerializer.Serialize(JsonWebKeys.ToPublicJwk(_submitterKey, "submitter-1"))}]}}",
        }, Clock);
        Http = new HttpClient { BaseAddress = new Uri(Payer.BaseUrl) };
    }

    private async Task<string> SubmitterTokenAsync(CancellationToken ct)
    {
        var now = Clock.GetUtcNow().ToUnixTimeSeconds();
        var assertion = CompactJws.SignEs384(_submitterKey, "submitter-1", new Dictionary<string, object>
        {
            ["iss"] = Submitter, ["sub"] = Submitter, ["aud"] = Payer.BaseUrl + "/auth/token", ["jti"] = Guid.NewGuid().ToString("N"), ["exp"] = now + 60,
        });
        using var response = await Http.PostAsync("/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["scope"] = "system/Claim.c system/Claim.r",
            ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", ["client_assertion"] = assertion,
        }), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonNode.Parse(body)!["access_token"]!.GetValue<string>();
    }

    /// <summary>POSTs a PAS request bundle (or inquiry) as the provider's system; returns the answer.</summary>
    public async Task<JsonNode> PasAsync(string operation, JsonObject bundle, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, $"/fhir/Claim/{operation}")
        {
            Content = new StringContent(bundle.ToJsonString(), Encoding.UTF8, "application/fhir+json"),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await SubmitterTokenAsync(ct));
        using var response = await Http.SendAsync(message, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonNode.Parse(body)!;
    }

    /// <summary>An undocumented Wellmark Lutathera request (pended for review); returns its authorization number.</summary>
    public async Task<(string Number, JsonObject Request)> SubmitPendedAsync(DateOnly serviceDate, string familyName, CancellationToken ct)
    {
        var request = PasRequestBuilder.Lutathera("wellmark").ServiceDate(serviceDate).Patient(60).Diagnosis("C7A.090").Build();
        var patient = request["entry"]!.AsArray().Select(e => e!["resource"]!.AsObject()).Single(r => (string?)r["resourceType"] == "Patient");
        patient["name"] = new JsonArray(new JsonObject { ["family"] = familyName, ["given"] = new JsonArray("Ada") });
        var answer = await PasAsync("$submit", request, ct);
        var text = answer.ToJsonString();
        Assert.Contains("\"A4\"", text, StringComparison.Ordinal);
        var claimResponse = answer["entry"]!.AsArray().Select(e => e!["resource"]!).First(r => (string?)r["resourceType"] == "ClaimResponse");
        return (claimResponse["preAuthRef"]!.GetValue<string>(), request);
    }

    /// <summary>Calls the payer's CRD order-sign as the provider's EHR (signed client JWT, everything prefetched); returns the answer.</summary>
    public async Task<JsonObject> OrderSignAsync(JsonObject request, CancellationToken ct)
    {
        var now = Clock.GetUtcNow().ToUnixTimeSeconds();
        var jwt = CompactJws.SignEs384(_submitterKey, "submitter-1", new Dictionary<string, object>
        {
            ["iss"] = CdsIssuer, ["sub"] = CdsIssuer, ["aud"] = $"{Payer.BaseUrl}/cds-services/crd-order-sign",
            ["iat"] = now, ["exp"] = now + 300, ["jti"] = Guid.NewGuid().ToString("N"),
        });
        using var message = new HttpRequestMessage(HttpMethod.Post, "/cds-services/crd-order-sign")
        {
            Content = new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", jwt);
        using var response = await Http.SendAsync(message, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, $"order-sign answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Payer.DisposeAsync();
        await Idp.DisposeAsync();
        await Chromium.DisposeAsync();
        _submitterKey.Dispose();
    }
}
