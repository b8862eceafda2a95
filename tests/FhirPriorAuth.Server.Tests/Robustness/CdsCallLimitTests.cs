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

    private static readonly int MaxResources = new ServerLimits().MaxCdsResourcesPerCall;
    private static readonly int MaxOrders = new ServerLimits().MaxCdsOrdersPerCall;

    [Fact]
    public async Task EncounterStart_WithTheMostOrdersAndResourcesAllowed_AnswersEveryOrder()
    {
        await using var server = CrdTestServer.Create();
        var request = EncounterStart(MaxOrders, fillTo: MaxResources);

        var started = Stopwatch.GetTimestamp();
        using var response = await Post(server.CreateClient(), request);
        output.WriteLine($"encounter-start with {MaxOrders} orders, {MaxResources} resources: {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms");

        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text[..Math.Min(text.Length, 500)]}");
        // One coverage-information system action per order in scope: all of them were assessed.
        Assert.Equal(MaxOrders, JsonNode.Parse(text)!["systemActions"]!.AsArray().Count);
    }

    [Fact]
    public async Task EncounterStart_WithOneOrderMoreThanAllowed_IsRefusedAsTooLong()
    {
        await using var server = CrdTestServer.Create();
        using var response = await Post(server.CreateClient(), EncounterStart(MaxOrders + 1, fillTo: 0));
        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("too-long", FhirAssert.IssueCodes(outcome));
    }

    [Fact]
    public async Task EncounterStart_WithOneResourceMoreThanAllowed_IsRefusedAsTooLong()
    {
        await using var server = CrdTestServer.Create();
        using var response = await Post(server.CreateClient(), EncounterStart(1, fillTo: MaxResources + 1));
        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("too-long", FhirAssert.IssueCodes(outcome));
    }

    /// <summary>
    /// An encounter-start with <paramref name="orders"/> open Lutathera orders prefetched and, when <paramref name="fillTo"/>
    /// is larger, completed orders (out of scope) until the request carries that many resources.
    /// </summary>
    private static JsonObject EncounterStart(int orders, int fillTo)
    {
        var request = CrdCalls.WellmarkLutathera().BuildCrdRequest();
        var order = CrdCalls.Draft(request).DeepClone().AsObject();
        request["hook"] = "encounter-start";
        var context = request["context"]!.AsObject();
        context.Remove("draftOrders");
        context["encounterId"] = "enc-1";
        var prefetch = request["prefetch"]!.AsObject();
        prefetch.Remove("medicationRequests");
        var others = prefetch.Sum(p => p.Value is JsonObject o && (string?)o["resourceType"] == "Bundle" ? (o["entry"] as JsonArray)?.Count ?? 0 : 1)
            + context.Count(c => c.Value is JsonArray);
        var entries = new JsonArray();
        for (var i = 0; i < Math.Max(orders, fillTo - others); i++)
        {
            var copy = order.DeepClone().AsObject();
            copy["id"] = $"order-{i}";
            copy["status"] = i < orders ? "active" : "completed";
            entries.Add(new JsonObject { ["resource"] = copy });
        }
        prefetch["orders"] = new JsonObject { ["resourceType"] = "Bundle", ["type"] = "searchset", ["entry"] = entries };
        return request;
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, JsonObject request) =>
        client.PostAsync("/cds-services/crd-encounter-start", new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json"), Ct);
}
