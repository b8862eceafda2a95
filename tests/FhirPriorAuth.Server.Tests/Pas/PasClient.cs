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

    /// <summary>
    /// The requests for documents (PASCommunicationRequests) the ClaimResponse references, each resolved to its Bundle
    /// entry by fullUrl, in the ClaimResponse's order; every one of them must be an entry (none contained).
    /// </summary>
    public static IReadOnlyList<JsonObject> DocumentRequests(JsonObject bundle)
    {
        var claimResponse = ClaimResponse(bundle);
        Assert.Null(claimResponse["contained"]);
        var entries = bundle["entry"]!.AsArray().OfType<JsonObject>().ToList();
        var referenced = (claimResponse["communicationRequest"] as JsonArray ?? []).Select(r => (string)r!["reference"]!).ToList();
        var requests = referenced.Select(reference => (JsonObject)Assert.Single(entries, e => (string?)e["fullUrl"] == reference)["resource"]!).ToList();
        Assert.All(requests, r => Assert.Equal("CommunicationRequest", (string?)r["resourceType"]));
        // No request for documents in the Bundle that the ClaimResponse does not reference.
        Assert.Equal(requests.Count, entries.Count(e => (string?)e["resource"]?["resourceType"] == "CommunicationRequest"));
        return requests;
    }

    public static IEnumerable<string> Notes(JsonObject claimResponse) =>
        (claimResponse["processNote"] as JsonArray ?? []).Select(n => (string)n!["text"]!);
}
