using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Tests.Infrastructure;
using static FhirPriorAuth.Server.Tests.Crd.CrdTestServer;

namespace FhirPriorAuth.Server.Tests.Crd.Retention;

/// <summary>Helpers for the retention, feedback and existing-authorization tests: calls and reads over HTTP.</summary>
internal static class CrdExchanges
{
    public const string OrderSignService = "crd-order-sign";

    /// <summary>Posts the hook call and returns the answer, failing with the server's text when it is not a 200.</summary>
    public static async Task<JsonObject> AnswerAsync(HttpClient client, JsonObject request, string serviceId = OrderSignService)
    {
        var response = await client.PostAsync(serviceId, request);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>The coverage-information sub-extensions of the first system action, by url.</summary>
    public static Dictionary<string, JsonNode> CoverageInformation(JsonObject answer)
    {
        var extension = answer["systemActions"]![0]!["resource"]!["extension"]!.AsArray()
            .Single(e => (string?)e!["url"] == "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information")!;
        return extension["extension"]!.AsArray().GroupBy(p => (string)p!["url"]!)
            .ToDictionary(g => g.Key, g => g.First()!.AsObject().First(kv => kv.Key.StartsWith("value", StringComparison.Ordinal)).Value!);
    }

    public static string AssertionId(JsonObject answer) => (string)CoverageInformation(answer)["coverage-assertion-id"]!;

    public static Task<HttpResponseMessage> ReviewAsync(HttpClient client, string assertionId) =>
        client.GetAsync($"/review/crd/{Uri.EscapeDataString(assertionId)}", Ct);

    public static Task<HttpResponseMessage> FeedbackAsync(HttpClient client, string body, string serviceId = OrderSignService) =>
        client.PostAsync($"/cds-services/{serviceId}/feedback", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

    /// <summary>A one-card feedback report; an override carries its reason.</summary>
    public static JsonObject Feedback(string card, string outcome = "overridden")
    {
        var item = new JsonObject { ["card"] = card, ["outcome"] = outcome, ["outcomeTimestamp"] = "2026-03-01T15:05:00Z" };
        if (outcome == "overridden")
            item["overrideReason"] = new JsonObject
            {
                ["reason"] = new JsonObject { ["code"] = "patient-refused", ["system"] = "http://example.org/override-reasons", ["display"] = "Patient refused" },
                ["userComment"] = "Discussed with the patient",
            };
        return new JsonObject { ["feedback"] = new JsonArray(item) };
    }

    public static FhirServerFactory CrdServer() => Create();
}
