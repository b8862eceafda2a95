using System.Net;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Tests.Crd.Responses;
using static FhirPriorAuth.Server.Tests.Crd.Responses.CrdCalls;

namespace FhirPriorAuth.Server.Tests.Crd.EndToEnd;

/// <summary>
/// Issue 6's acceptance matrix over <c>POST /cds-services/{id}</c> with authentication on: every hook (order-dispatch
/// in both context shapes) for Lutathera under Wellmark and Capital Blue Cross and brand and generic everolimus under
/// Centene, with the EHR's full prefetch and with none (the service reads the EHR's FHIR server with the EHR's token),
/// answered with the coverage-information system action and the cards each payer's policy calls for.
/// </summary>
public sealed class CrdAcceptanceMatrixTests(CrdEndToEndHost host) : IClassFixture<CrdEndToEndHost>
{
    public static TheoryData<string, string, bool> Matrix()
    {
        var rows = new TheoryData<string, string, bool>();
        foreach (var hook in CrdScenario.Hooks)
            foreach (var scenario in CrdScenario.All)
                foreach (var prefetch in new[] { true, false })
                    rows.Add(hook, scenario.Name, prefetch);
        return rows;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task A_signed_call_gets_the_coverage_information_and_cards_the_policy_calls_for(string hook, string scenarioName, bool prefetch)
    {
        var scenario = CrdScenario.Named(scenarioName);
        var service = CrdScenario.ServiceOf(hook);
        var accessToken = CrdEndToEndHost.AccessToken();
        var (request, target) = scenario.Request(hook, prefetch, host.FhirServer.BaseUrl, accessToken);
        var (order, ehr) = scenario.Record();
        host.FhirServer.Ehr = ehr.Answer;
        host.FhirServer.Requests.Clear();

        var response = await host.Post(service, request, host.Token(service));

        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var answer = JsonNode.Parse(text)!.AsObject();
        CrdResponseAssert.ValidResponse(answer);
        AssertFhirServerUse(hook, scenario, prefetch, accessToken);
        Assert.DoesNotContain(accessToken, text, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Server.Logs, l => l.Contains(accessToken, StringComparison.Ordinal));

        // One coverage-information annotation, on the order (or the appointment booking it), and nothing else changed.
        var action = Assert.Single(SystemActions(answer));
        var parts = CrdResponseAssert.CoverageInformation(action, target);
        Assert.Equal("Coverage/coverage", parts["coverage"].Single()["valueReference"]!["reference"]!.GetValue<string>());
        Assert.Equal(scenario.Covered, CrdResponseAssert.Code(parts["covered"].Single()));
        Assert.Equal(scenario.PaNeeded, CrdResponseAssert.Code(parts["pa-needed"].Single()));
        Assert.Equal(scenario.BillingCode, parts["billingCode"].Single()["valueCoding"]!["code"]!.GetValue<string>());
        var reason = parts["reason"].Single()["valueCodeableConcept"]!["text"]!.GetValue<string>();
        Assert.All(scenario.Reason, phrase => Assert.Contains(phrase, reason, StringComparison.Ordinal));
        var asksForForm = CrdScenario.IsPrimary(hook) && scenario.Questionnaire is not null;
        if (asksForForm)
        {
            Assert.Equal("clinical", CrdResponseAssert.Code(parts["doc-needed"].Single()));
            Assert.Equal("withpa", CrdResponseAssert.Code(parts["doc-purpose"].Single()));
            Assert.Equal(scenario.Questionnaire, parts["questionnaire"].Single()["valueCanonical"]!.GetValue<string>());
        }
        else
        {
            // Secondary hooks never ask for documentation; a retired policy has no form to ask for.
            Assert.Empty(parts["doc-needed"]);
            Assert.Empty(parts["questionnaire"]);
        }

        // The coverage card names the payer and, where documentation is asked for, launches its form for this order.
        var card = Assert.Single(Cards(answer, "coverage-info"));
        Assert.Equal(scenario.PayerName, card["source"]!["label"]!.GetValue<string>());
        var links = (card["links"] as JsonArray ?? []).Cast<JsonObject>().ToList();
        if (asksForForm)
        {
            var launch = Assert.Single(links);
            Assert.Equal("smart", launch["type"]!.GetValue<string>());
            Assert.Equal(CrdEndToEndHost.DtrLaunchUrl, launch["url"]!.GetValue<string>());
            var appContext = launch["appContext"]!.GetValue<string>();
            Assert.Contains("questionnaire=" + Uri.EscapeDataString(scenario.Questionnaire!), appContext, StringComparison.Ordinal);
            Assert.Contains("order=" + Uri.EscapeDataString($"MedicationRequest/{order["id"]}"), appContext, StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(links);
        }
        if (scenario.Covered == "conditional")
            Assert.Contains("contact", card["summary"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);

        // The policy in effect gives its instructions; a retired one only its link; any policy links to its page.
        Assert.Equal(scenario.Questionnaire is null ? 0 : 1, Instructions(answer).Count);
        Assert.Single(ExternalReferences(answer));

        // Ordering hooks propose generic everolimus for a brand order, and the Lutathera course's companion orders.
        var alternative = Assert.Single(Cards(answer, "therapy-alternatives-opt").Append(null),
            c => c is not null == (scenario.GenericSuggested && CrdScenario.IsOrdering(hook)));
        if (alternative is not null)
        {
            var update = Assert.Single(Assert.Single(alternative["suggestions"]!.AsArray())!["actions"]!.AsArray())!.AsObject();
            Assert.Equal("update", update["type"]!.GetValue<string>());
            Assert.Equal("0054-0482", update["resource"]!["medicationCodeableConcept"]!["coding"]![0]!["code"]!.GetValue<string>());
        }
        Assert.Equal(CrdScenario.IsOrdering(hook) && scenario.BillingCode == "A9513" ? 1 : 0, Cards(answer, "clinical-reminder").Count);
    }

    /// <summary>
    /// With full prefetch the EHR's FHIR server is asked only for what no template covers (the Medication a dispatched
    /// everolimus order references); without, for everything. Every query carries the EHR's token.
    /// </summary>
    private void AssertFhirServerUse(string hook, CrdScenario scenario, bool prefetch, string accessToken)
    {
        var seen = host.FhirServer.Requests.ToList();
        Assert.All(seen, r => Assert.Equal("Bearer " + accessToken, r.Authorization));
        var medicationRead = seen.Any(r => r.PathAndQuery == "/fhir/Medication/everolimus");
        Assert.Equal(scenario.BillingCode != "A9513" && hook.StartsWith("order-dispatch", StringComparison.Ordinal), medicationRead);
        if (prefetch)
        {
            Assert.All(seen, r => Assert.Equal("/fhir/Medication/everolimus", r.PathAndQuery));
            return;
        }
        Assert.Contains(seen, r => r.PathAndQuery == "/fhir/Patient/patient");
        Assert.Contains(seen, r => r.PathAndQuery.StartsWith("/fhir/Coverage?patient=patient", StringComparison.Ordinal));
    }
}
