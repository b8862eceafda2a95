using System.Text;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.CdsHooks;
using FhirPriorAuth.Server.Tests.Crd;
using FhirPriorAuth.Server.Tests.Fuzz;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Server.Tests.Pas;
using Microsoft.Extensions.DependencyInjection;

namespace FhirPriorAuth.Server.Tests.Robustness;

/// <summary>
/// Plants marker values in the path, query, headers and body of a request to every endpoint the app maps (read from its
/// endpoint data source), with the app's own log categories at Trace and the framework's at Information, as when the
/// server runs from the source folder without appsettings.json, and checks that no marker reaches any log line.
/// </summary>
public sealed class LogCanaryTests
{
    private const string InPath = "cnry-path-5e1d";
    private const string InQuery = "cnry-query-8c2b";
    private const string InHeader = "cnry-header-1a9f";
    private const string InBody = "cnry-body-4d7e";
    private static readonly string[] Canaries = [InPath, InQuery, InHeader, InBody];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NoPlantedValue_FromAnyEndpoint_ReachesTheLogs()
    {
        await using var server = new FhirServerFactory(new Dictionary<string, string?>
        {
            ["Auth:Enabled"] = "false",
            ["CdsHooks:FhirServer:AllowHttp"] = "true",
            // What the server logs with no appsettings.json: the framework at Information, the app at everything.
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information",
            ["Logging:LogLevel:System"] = "Information",
        });
        var client = server.CreateClient();
        var endpoints = ServerEndpoints.Of(server.Services);
        Assert.True(endpoints.Count > 20, $"only {endpoints.Count} endpoints found");

        foreach (var endpoint in endpoints)
            foreach (var body in endpoint.TakesBody ? Bodies() : [(string?)null])
                using (await client.SendAsync(Planted(endpoint.Method, endpoint.Path(p => p == "type" ? "Patient" : InPath), body), Ct)) { }
        // Requests that get further than a refusal: a CDS call for each service and a PAS submission, markers inside.
        foreach (var service in server.Services.GetRequiredService<CdsServiceRegistry>().All)
            using (await client.SendAsync(Planted("POST", $"/cds-services/{service.Descriptor.Id}", CdsCall(service.Descriptor.Hook)), Ct)) { }
        var claim = PasRequests.LutatheraUndocumented().Build().ToJsonString().Replace("\"Patient\",\"id\":\"", $"\"Patient\",\"id\":\"{InBody}", StringComparison.Ordinal);
        using (await client.SendAsync(Planted("POST", PasClient.Submit, claim), Ct)) { }
        using (await client.SendAsync(Planted("GET", "/fhir/Patient/" + InPath + "/" + InPath, null), Ct)) { }

        var logs = server.Logs.ToArray();
        Assert.Contains(logs, l => l.Contains("-> ", StringComparison.Ordinal));
        var leaked = logs.Where(l => Canaries.Any(c => l.Contains(c, StringComparison.OrdinalIgnoreCase))).Take(5).ToList();
        Assert.True(leaked.Count == 0, "planted values reached the log:\n" + string.Join('\n', leaked));
    }

    private static HttpRequestMessage Planted(string method, string path, string? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), $"{path}?patient={InQuery}&identifier=urn:x|{InQuery}&_format=json");
        request.Headers.TryAddWithoutValidation("X-Patient", InHeader);
        request.Headers.TryAddWithoutValidation("Referer", $"https://ehr.example.org/{InHeader}");
        request.Headers.TryAddWithoutValidation("User-Agent", InHeader);
        request.Headers.TryAddWithoutValidation("Origin", $"https://{InHeader}.example.org");
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {InHeader}");
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return request;
    }

    private static IEnumerable<string?> Bodies() =>
    [
        $$"""{"resourceType":"Patient","id":"{{InBody}}","name":[{"family":"{{InBody}}"}],"identifier":[{"value":"{{InBody}}"}]}""",
        $$"""{"resourceType":"Parameters","parameter":[{"name":"{{InBody}}","valueString":"{{InBody}}"}]}""",
        $$$"""{"resourceType":"Subscription","status":"requested","reason":"{{{InBody}}}","criteria":"{{{InBody}}}","channel":{"type":"rest-hook","endpoint":"https://{{{InBody}}}.example.org","payload":"application/fhir+json"}}""",
        $$$"""{"feedback":[{"card":"{{{InBody}}}","outcome":"accepted","outcomeTimestamp":"{{{InBody}}}"}],"items":[{"sequence":1,"action":"{{{InBody}}}"}],"reviewer":{"npi":"{{{InBody}}}"}}""",
        $$"""{"resourceType":"Patient","id":"{{InBody}}","name":[{"family":"{{InBody}}","family":"x"}]}""",
    ];

    private static string CdsCall(string hook)
    {
        var request = CrdTestServer.OrderSign("http://127.0.0.1:9/fhir/" + InBody, "token-" + InBody);
        request["hook"] = hook;
        var context = request["context"]!.AsObject();
        context["patientId"] = InBody;
        context["userId"] = "Practitioner/" + InBody;
        context["encounterId"] = InBody;
        context["performer"] = "Organization/" + InBody;
        context["order"] = "MedicationRequest/" + InBody;
        context["selections"] = new JsonArray("MedicationRequest/lutathera-1");
        context["appointments"] = context["draftOrders"]!.DeepClone();
        return request.ToJsonString();
    }
}
