using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Crd;
using FhirPriorAuth.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FhirPriorAuth.Server.Tests.Crd;

/// <summary>The server with CDS client authentication off (loopback) and plain-http FHIR servers allowed for the stub.</summary>
internal static class CrdTestServer
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static FhirServerFactory Create(ICrdResponder? responder = null, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Auth:Enabled"] = "false",
            ["CdsHooks:FhirServer:AllowHttp"] = "true",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
            settings[key] = value;
        return new FhirServerFactory(settings, responder is null ? null : s => s.AddSingleton(responder));
    }

    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, string serviceId, JsonNode body) =>
        client.PostAsync($"/cds-services/{serviceId}", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), Ct);

    /// <summary>A CRD 2.0.1 order-sign request for Lutathera with no prefetch; the FHIR server and token as given.</summary>
    public static JsonObject OrderSign(string? fhirServer, string? token = "secret-ehr-token-1234")
    {
        var request = new JsonObject
        {
            ["hook"] = "order-sign",
            ["hookInstance"] = "6f1a3e0c-5d2b-4f6e-9a1c-2b3d4e5f6a7b",
            ["context"] = new JsonObject
            {
                ["userId"] = "PractitionerRole/prescriber",
                ["patientId"] = "pat-1",
                ["encounterId"] = "enc-1",
                ["draftOrders"] = new JsonObject
                {
                    ["resourceType"] = "Bundle",
                    ["type"] = "collection",
                    ["entry"] = new JsonArray(new JsonObject
                    {
                        ["resource"] = new JsonObject
                        {
                            ["resourceType"] = "MedicationRequest", ["id"] = "lutathera-1", ["status"] = "draft", ["intent"] = "order",
                            ["medicationCodeableConcept"] = new JsonObject
                            {
                                ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://www.nlm.nih.gov/research/umls/rxnorm", ["code"] = "1999682" }),
                            },
                            ["subject"] = new JsonObject { ["reference"] = "Patient/pat-1" },
                            ["requester"] = new JsonObject { ["reference"] = "PractitionerRole/prescriber" },
                        },
                    }),
                },
            },
        };
        if (fhirServer is not null)
            request["fhirServer"] = fhirServer;
        if (token is not null)
            request["fhirAuthorization"] = new JsonObject
            {
                ["access_token"] = token, ["token_type"] = "Bearer", ["expires_in"] = 30, ["scope"] = "user/Patient.read", ["subject"] = "crd",
            };
        return request;
    }
}

/// <summary>Keeps every call the services hand to the responder.</summary>
internal sealed class CapturingResponder : ICrdResponder
{
    public ConcurrentQueue<CrdCall> Calls { get; } = new();

    public JsonObject Respond(CrdCall call)
    {
        Calls.Enqueue(call);
        return new JsonObject { ["cards"] = new JsonArray() };
    }
}
