using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using FhirPriorAuth.Browser.Tests.Ehr;
using FhirPriorAuth.Browser.Tests.Infrastructure;

namespace FhirPriorAuth.Browser.Tests.Dtr;

/// <summary>
/// The world a DTR test runs in, shared by a test class: Chromium, the test EHR (trusted by the payer as CDS client
/// and as the DTR app's EHR) and the payer server with authentication on.
/// </summary>
public sealed class DtrWorld : IAsyncLifetime
{
    public const string RxNormLutathera = "1999682";

    public Chromium Chromium { get; } = new();

    public TestEhr Ehr { get; private set; } = null!;

    public PayerServer Payer { get; private set; } = null!;

    public HttpClient PayerHttp { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Chromium.InitializeAsync();
        Ehr = await TestEhr.StartAsync();
        Payer = new PayerServer(new Dictionary<string, string?>
        {
            ["DtrApp:Ehrs:0:Name"] = "Test EHR",
            ["DtrApp:Ehrs:0:FhirBaseUrl"] = Ehr.FhirBase,
            ["DtrApp:Ehrs:0:ClientId"] = TestEhr.ClientId,
            ["DtrApp:Ehrs:0:JwksUrl"] = Ehr.JwksUrl,
            ["DtrApp:Ehrs:0:AllowClaimSubmit"] = "true",
            ["CdsHooks:TrustedClients:0:Issuer"] = Ehr.Origin,
            ["CdsHooks:TrustedClients:0:JwksUrl"] = Ehr.JwksUrl,
            ["CdsHooks:FhirServer:AllowHttp"] = "true",
        });
        PayerHttp = new HttpClient { BaseAddress = new Uri(Payer.BaseUrl) };
    }

    /// <summary>A synthetic patient's chart (tests/…/Dtr/patients) with an active Coverage at the payer and a draft order.</summary>
    /// <remarks>Without <paramref name="rxnorm"/> the bundle's own MedicationRequest is the order.</remarks>
    public (string Patient, string Coverage, string Order) AddPatient(string bundleFile, string payerId, string payerName, string? rxnorm = RxNormLutathera,
        string drugText = "Lutathera 7.4 GBq", string? orderDate = null)
    {
        var bundle = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "patients", bundleFile)))!.AsObject();
        // The app pre-fills as of the order's date (its date of service); an order dated otherwise is that order re-dated.
        if (orderDate is not null)
            foreach (var order in bundle["entry"]!.AsArray().Select(e => e!["resource"]!).Where(r => r["resourceType"]!.GetValue<string>() == "MedicationRequest"))
                order["authoredOn"] = orderDate;
        Ehr.Add(bundle);
        var patient = bundle["entry"]!.AsArray().Select(e => e!["resource"]!).First(r => r["resourceType"]!.GetValue<string>() == "Patient")["id"]!.GetValue<string>();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        Ehr.Add(new JsonObject
        {
            ["resourceType"] = "Practitioner", ["id"] = TestEhr.PractitionerId,
            ["name"] = new JsonArray(new JsonObject { ["family"] = "Lee", ["given"] = new JsonArray("Dana") }),
        });
        Ehr.Add(new JsonObject
        {
            ["resourceType"] = "Coverage", ["id"] = "cov-" + suffix, ["status"] = "active", ["subscriberId"] = "M" + suffix,
            ["beneficiary"] = new JsonObject { ["reference"] = "Patient/" + patient },
            ["contained"] = new JsonArray(new JsonObject
            {
                ["resourceType"] = "Organization", ["id"] = "payer", ["name"] = payerName,
                ["identifier"] = new JsonArray(new JsonObject { ["system"] = "http://fhirpriorauth.example.org/fhir/payer-id", ["value"] = payerId }),
            }),
            ["payor"] = new JsonArray(new JsonObject { ["reference"] = "#payer", ["display"] = payerName }),
        });
        if (rxnorm is null)
        {
            var own = bundle["entry"]!.AsArray().Select(e => e!["resource"]!).First(r => r["resourceType"]!.GetValue<string>() == "MedicationRequest");
            return (patient, "Coverage/cov-" + suffix, "MedicationRequest/" + own["id"]!.GetValue<string>());
        }
        Ehr.Add(new JsonObject
        {
            ["resourceType"] = "MedicationRequest", ["id"] = "order-" + suffix, ["status"] = "draft", ["intent"] = "order",
            ["subject"] = new JsonObject { ["reference"] = "Patient/" + patient },
            ["medicationCodeableConcept"] = new JsonObject
            {
                ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://www.nlm.nih.gov/research/umls/rxnorm", ["code"] = rxnorm }),
                ["text"] = drugText,
            },
            ["requester"] = new JsonObject { ["reference"] = "Practitioner/" + TestEhr.PractitionerId },
            ["authoredOn"] = orderDate ?? "2026-03-01",
        });
        return (patient, "Coverage/cov-" + suffix, "MedicationRequest/order-" + suffix);
    }

    /// <summary>Calls the payer's CRD order-sign as the EHR (signed client JWT, chart read through the EHR's FHIR API); returns the cards.</summary>
    public async Task<JsonArray> OrderSignAsync(string patient, string order, CancellationToken ct)
    {
        var service = "crd-order-sign";
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var jwt = Ehr.SignJwt(new Dictionary<string, object>
        {
            ["iss"] = Ehr.Origin, ["sub"] = Ehr.Origin, ["aud"] = $"{Payer.BaseUrl}/cds-services/{service}",
            ["iat"] = now, ["exp"] = now + 300, ["jti"] = Guid.NewGuid().ToString("N"),
        });
        var request = new JsonObject
        {
            ["hook"] = "order-sign",
            ["hookInstance"] = Guid.NewGuid().ToString(),
            ["fhirServer"] = Ehr.FhirBase,
            ["fhirAuthorization"] = new JsonObject
            {
                ["access_token"] = Ehr.IssueToken(), ["token_type"] = "Bearer", ["expires_in"] = 300,
                ["scope"] = "patient/*.rs", ["subject"] = "payer-crd",
            },
            ["context"] = new JsonObject
            {
                ["userId"] = "Practitioner/" + TestEhr.PractitionerId,
                ["patientId"] = patient,
                ["draftOrders"] = new JsonObject
                {
                    ["resourceType"] = "Bundle", ["type"] = "collection",
                    ["entry"] = new JsonArray(new JsonObject { ["resource"] = Ehr.Get(order)!.DeepClone() }),
                },
            },
        };
        using var message = new HttpRequestMessage(HttpMethod.Post, $"/cds-services/{service}")
        {
            Content = new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        message.Headers.Authorization = new("Bearer", jwt);
        using var response = await PayerHttp.SendAsync(message, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.IsSuccessStatusCode, $"order-sign answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!["cards"]!.AsArray();
    }

    public async ValueTask DisposeAsync()
    {
        PayerHttp.Dispose();
        await Payer.DisposeAsync();
        await Ehr.DisposeAsync();
        await Chromium.DisposeAsync();
    }
}
