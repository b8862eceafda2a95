using System.Net;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Tests.Crd.Responses;
using static FhirPriorAuth.Server.Tests.Crd.Responses.CrdCalls;

namespace FhirPriorAuth.Server.Tests.Crd.EndToEnd;

/// <summary>
/// order-dispatch's <c>order</c> template brings the MedicationRequest but not the Medication it references. The service
/// reads that Medication from the EHR; when it cannot, it says the medication is unknown rather than "no authorization needed".
/// </summary>
public sealed class CrdMissingMedicationTests(CrdEndToEndHost host) : IClassFixture<CrdEndToEndHost>
{
    [Fact]
    public async Task A_dispatched_Afinitor_order_whose_Medication_cannot_be_read_is_contact_the_payer_not_no_authorization()
    {
        var scenario = CrdScenario.CenteneAfinitor;
        var (request, order) = scenario.Request("order-dispatch-1.0", prefetch: true, host.FhirServer.BaseUrl, CrdEndToEndHost.AccessToken());
        request.Remove("fhirServer");
        request.Remove("fhirAuthorization");

        var response = await host.Post("crd-order-dispatch", request, host.Token("crd-order-dispatch"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject();
        CrdResponseAssert.ValidResponse(answer);
        var parts = CrdResponseAssert.CoverageInformation(Assert.Single(SystemActions(answer)), order);
        Assert.Equal("conditional", CrdResponseAssert.Code(parts["covered"].Single()));
        Assert.Equal("conditional", CrdResponseAssert.Code(parts["pa-needed"].Single()));
        Assert.Empty(parts["billingCode"]);
        var reason = parts["reason"].Single()["valueCodeableConcept"]!["text"]!.GetValue<string>();
        Assert.Contains("Medication/everolimus", reason, StringComparison.Ordinal);
        Assert.Contains("Contact Centene", reason, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("not identified", Assert.Single(Cards(answer, "coverage-info"))["summary"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_skipped_the_medication_include_still_gets_the_generic_suggestion_for_Afinitor()
    {
        var scenario = CrdScenario.CenteneAfinitor;
        var accessToken = CrdEndToEndHost.AccessToken();
        var (request, order) = scenario.Request("order-sign", prefetch: true, host.FhirServer.BaseUrl, accessToken);
        var medicationRequests = request["prefetch"]!["medicationRequests"]!["entry"]!.AsArray();
        foreach (var entry in medicationRequests.Where(e => (string?)e!["resource"]!["resourceType"] == "Medication").ToList())
            medicationRequests.Remove(entry);
        host.FhirServer.Ehr = scenario.Record().Ehr.Answer;
        host.FhirServer.Requests.Clear();

        var response = await host.Post("crd-order-sign", request, host.Token("crd-order-sign"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject();
        var seen = Assert.Single(host.FhirServer.Requests);
        Assert.Equal("/fhir/Medication/everolimus", seen.PathAndQuery);
        Assert.Equal("Bearer " + accessToken, seen.Authorization);
        var parts = CrdResponseAssert.CoverageInformation(Assert.Single(SystemActions(answer)), order);
        Assert.Equal("auth-needed", CrdResponseAssert.Code(parts["pa-needed"].Single()));
        Assert.Single(Cards(answer, "therapy-alternatives-opt"));
    }
}
