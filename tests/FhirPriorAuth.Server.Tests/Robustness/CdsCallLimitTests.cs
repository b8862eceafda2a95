using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Tests.Builders;
using FhirPriorAuth.Server.FhirApi;
using FhirPriorAuth.Server.Tests.Crd;
using FhirPriorAuth.Server.Tests.Crd.Responses;
using FhirPriorAuth.Server.Tests.Infrastructure;

namespace FhirPriorAuth.Server.Tests.Robustness;

/// <summary>
/// The work of one CDS call is bounded by count (issue 10, item 4): encounter-start with as many orders as the limit
/// allows is answered, for every order; one more is refused before any work. Elapsed times go to the test output only.
/// </summary>
public sealed class CdsCallLimitTests(ITestOutputHelper output)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly int Max = new ServerLimits().MaxCdsResourcesPerCall;

    [Fact]
    public async Task EncounterStart_WithTheMostResourcesAllowed_AnswersEveryOrder()
    {
        await using var server = CrdTestServer.Create();
        var request = EncounterStart(ordersToReach: Max);
        var orders = request["prefetch"]!["orders"]!["entry"]!.AsArray().Count;

        var started = Stopwatch.GetTimestamp();
        using var response = await Post(server.CreateClient(), request);
        output.WriteLine($"encounter-start with {orders} orders: {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms");

        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text[..Math.Min(text.Length, 500)]}");
        // One coverage-information system action per order in scope: all of them were assessed.
        Assert.Equal(orders, JsonNode.Parse(text)!["systemActions"]!.AsArray().Count);
    }

    [Fact]
    public async Task EncounterStart_WithOneResourceMoreThanAllowed_IsRefusedAsTooLong()
    {
        await using var server = CrdTestServer.Create();
        using var response = await Post(server.CreateClient(), EncounterStart(ordersToReach: Max + 1));
        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("too-long", FhirAssert.IssueCodes(outcome));
    }

    /// <summary>An encounter-start whose prefetched open orders bring the request to <paramref name="ordersToReach"/> resources.</summary>
    private static JsonObject EncounterStart(int ordersToReach)
    {
        var request = CrdCalls.WellmarkLutathera().BuildCrdRequest();
        var order = CrdCalls.Draft(request).DeepClone().AsObject();
        order["status"] = "active";
        request["hook"] = "encounter-start";
        var context = request["context"]!.AsObject();
        context.Remove("draftOrders");
        context["encounterId"] = "enc-1";
        var prefetch = request["prefetch"]!.AsObject();
        prefetch.Remove("medicationRequests");
        var others = prefetch.Sum(p => p.Value is JsonObject o && (string?)o["resourceType"] == "Bundle" ? (o["entry"] as JsonArray)?.Count ?? 0 : 1)
            + context.Count(c => c.Value is JsonArray);
        var entries = new JsonArray();
        for (var i = 0; i < ordersToReach - others; i++)
        {
            var copy = order.DeepClone().AsObject();
            copy["id"] = $"order-{i}";
            entries.Add(new JsonObject { ["resource"] = copy });
        }
        prefetch["orders"] = new JsonObject { ["resourceType"] = "Bundle", ["type"] = "searchset", ["entry"] = entries };
        return request;
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, JsonObject request) =>
        client.PostAsync("/cds-services/crd-encounter-start", new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json"), Ct);
}
