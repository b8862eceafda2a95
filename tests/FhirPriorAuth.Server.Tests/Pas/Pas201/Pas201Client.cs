using System.Net;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Testing;

namespace FhirPriorAuth.Server.Tests.Pas.Pas201;

/// <summary>Talks to the PAS 2.0.1 base.</summary>
internal static class Pas201Client
{
    public const string Base = "/fhir/pas-2.0.1";
    public const string Submit = Base + "/Claim/$submit";
    public const string Inquire = Base + "/Claim/$inquire";
    public const string Profile = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/";

    public static Task<JsonObject> SubmitAsync(HttpClient client, JsonObject body) => PostOkAsync(client, Submit, body);

    public static Task<JsonObject> InquireAsync(HttpClient client, JsonObject body) => PostOkAsync(client, Inquire, body);

    public static async Task<JsonObject> PostOkAsync(HttpClient client, string path, JsonObject body)
    {
        var response = await client.SendAsync(FhirRequests.Post(path, body.ToJsonString()), TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        Assert.Equal(FhirAssert.FhirJson, response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text)!.AsObject();
    }

    public static string? ProfileOf(JsonNode resource) => (string?)resource["meta"]?["profile"]?[0];

    public static IReadOnlyList<JsonObject> ClaimResponses(JsonObject bundle) =>
        [.. bundle["entry"]!.AsArray().Select(e => e!["resource"]!.AsObject()).Where(r => (string?)r["resourceType"] == "ClaimResponse")];

    public static async Task<JsonObject> FixtureAsync(params string[] path)
    {
        var file = SharedData.PathTo(["conformance", "pas", .. path]);
        Assert.SkipWhen(file is null, SharedData.MissingMessage);
        return JsonNode.Parse(await File.ReadAllTextAsync(file!, TestContext.Current.CancellationToken))!.AsObject();
    }
}
