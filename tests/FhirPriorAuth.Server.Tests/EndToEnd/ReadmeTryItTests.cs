using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Server.Tests.Pas;
using FhirPriorAuth.Testing;

namespace FhirPriorAuth.Server.Tests.EndToEnd;

/// <summary>The README's "Try it" block: its requests in bench/requests/ get the answers the README says they get.</summary>
public sealed class ReadmeTryItTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Request(string name) => File.ReadAllText(Path.Combine(SharedData.RepoRoot, "bench", "requests", name));

    [Fact]
    public async Task Given_TheReadmesRequests_When_Sent_Then_PasCertifiesCrdNamesTheFormAndDtrSendsIt()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();

        var submitted = await client.SendAsync(FhirRequests.Post("/fhir/Claim/$submit", Request("lutathera-wellmark.json")), Ct);
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        var bundle = JsonNode.Parse(await submitted.Content.ReadAsStringAsync(Ct))!.AsObject();
        Assert.Equal(["A1"], PasClient.ActionCodes(PasClient.ClaimResponse(bundle)));

        var hook = await client.PostAsync("/cds-services/crd-order-sign",
            new StringContent(Request("order-sign-lutathera-wellmark.json"), Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.OK, hook.StatusCode);
        var cards = JsonNode.Parse(await hook.Content.ReadAsStringAsync(Ct))!;
        Assert.Contains(cards["cards"]!.AsArray(), c => ((string)c!["summary"]!).Contains("requires prior authorization", StringComparison.Ordinal));
        var coverageInformation = cards["systemActions"]![0]!["resource"]!["extension"]![0]!["extension"]!.AsArray();
        Assert.Contains(coverageInformation, e => (string?)e!["url"] == "pa-needed" && (string?)e["valueCode"] == "auth-needed");
        Assert.Contains(coverageInformation, e => ((string?)e!["valueCanonical"])?.StartsWith("http://fhirpriorauth.example.org/fhir/Questionnaire/wellmark-lutathera", StringComparison.Ordinal) == true);

        var package = await client.SendAsync(FhirRequests.Post("/fhir/Questionnaire/$questionnaire-package", Request("questionnaire-package-wellmark.json")), Ct);
        Assert.Equal(HttpStatusCode.OK, package.StatusCode);
        var entries = JsonNode.Parse(await package.Content.ReadAsStringAsync(Ct))!["parameter"]![0]!["resource"]!["entry"]!.AsArray();
        var types = entries.Select(e => (string)e!["resource"]!["resourceType"]!).ToList();
        Assert.Equal("Questionnaire", types[0]);
        Assert.Equal("QuestionnaireResponse", types[^1]);
        Assert.Contains("Library", types);
        Assert.Contains("ValueSet", types);
    }
}
