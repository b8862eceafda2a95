using System.Net;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Tests.Infrastructure;

namespace FhirPriorAuth.Server.Tests.Pas;

/// <summary>Posts to <c>Claim/$submit</c> and reads the PAS Response Bundle's parts.</summary>
internal static class PasClient
{
    public const string Submit = "/fhir/Claim/$submit";

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, JsonObject body) =>
        await client.SendAsync(FhirRequests.Post(Submit, body.ToJsonString()), TestContext.Current.CancellationToken);

    /// <summary>Submits and returns the response Bundle, failing with the server's text when it is not a 200.</summary>
    public static async Task<JsonObject> SubmitAsync(HttpClient client, JsonObject body)
    {
        var response = await PostAsync(client, body);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        Assert.Equal(FhirAssert.FhirJson, response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text)!.AsObject();
    }

    public static JsonObject ClaimResponse(JsonObject bundle) => bundle["entry"]![0]!["resource"]!.AsObject();

    /// <summary>The X12 306 action codes of the response items, in item order.</summary>
    public static IReadOnlyList<string> ActionCodes(JsonObject claimResponse) =>
        [.. claimResponse["item"]!.AsArray().Select(i => ActionCode(i!["adjudication"]![0]!))];

    public static string ActionCode(JsonNode adjudication) =>
        (string)adjudication["extension"]![0]!["extension"]!.AsArray()
            .Single(e => (string?)e!["url"] == "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-reviewActionCode")!
            ["valueCodeableConcept"]!["coding"]![0]!["code"]!;

    public static IEnumerable<string> Notes(JsonObject claimResponse) =>
        (claimResponse["processNote"] as JsonArray ?? []).Select(n => (string)n!["text"]!);
}
