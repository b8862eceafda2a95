using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using FhirPriorAuth.Testing;
using static FhirPriorAuth.Server.Tests.Crd.CrdTestServer;

namespace FhirPriorAuth.Server.Tests.Crd;

/// <summary>
/// Every hook request among the official fixtures (Inferno CRD test kit, the IG's 2.2.1 example, the requests Inferno
/// sends the reference implementation) is answered 200 with a cards array, quirks and all. Their <c>fhirServer</c>
/// (an example host) is pointed at a loopback FHIR stub, since none of them carries the patient in prefetch. The
/// server's own responder answers, so this covers the whole path from request to cards.
/// </summary>
public sealed class CrdFixtureTests
{
    public static TheoryData<string, int> Requests()
    {
        var data = new TheoryData<string, int>();
        var folder = SharedData.PathTo("conformance", "crd");
        if (folder is null)
        {
            data.Add("", -1);
            return data;
        }
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var root = JsonNode.Parse(File.ReadAllText(file));
            var bodies = root is JsonArray array ? array.ToList() : [root];
            for (var i = 0; i < bodies.Count; i++)
                if (bodies[i] is JsonObject body && body["hook"] is not null && body["context"] is not null)
                    data.Add(Path.GetFileName(file), i);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Given_AnOfficialFixtureRequest_When_Posted_Then_ItIsAnsweredWithCards(string file, int index)
    {
        Assert.SkipWhen(index < 0, SharedData.MissingMessage);
        var root = JsonNode.Parse(await File.ReadAllTextAsync(SharedData.PathTo("conformance", "crd", file)!, Ct));
        var body = (root is JsonArray array ? array[index] : root)!.AsObject();
        await using var stub = await FhirServerStub.StartAsync();
        body["fhirServer"] = stub.BaseUrl;
        await using var server = Create();

        var response = await server.CreateClient().PostAsync("crd-" + body["hook"]!.GetValue<string>(), body);

        var text = await response.Content.ReadAsStringAsync(Ct);
        // CRD 2.2 hook-13: a 2.2 request whose Coverage names a payer this service does not handle (the IG's examples name
        // an example payer) SHALL be a 400, with an OperationOutcome; a 2.0.1 request with it is answered.
        if ((string?)body["extension"]?["davinci-crd.requestedVersion"] is { } version && version.StartsWith("2.2", StringComparison.Ordinal))
        {
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{file}[{index}] answered {(int)response.StatusCode}: {text}");
            Assert.Contains("hook-13", text, StringComparison.Ordinal);
            // The same request from a 2.0.1 client is answered as before.
            body["extension"]!.AsObject().Remove("davinci-crd.requestedVersion");
            response = await server.CreateClient().PostAsync("crd-" + body["hook"]!.GetValue<string>(), body);
            text = await response.Content.ReadAsStringAsync(Ct);
        }
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{file}[{index}] answered {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(text).RootElement.GetProperty("cards").ValueKind);
        // The patient was either prefetched or read from the stub.
        if (body["prefetch"]?["patient"] is null)
            Assert.Contains(stub.Requests, r => r.PathAndQuery.StartsWith("/fhir/Patient/", StringComparison.Ordinal));
    }
}
