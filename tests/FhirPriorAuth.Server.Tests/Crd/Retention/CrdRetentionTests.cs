using System.Net;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.CdsHooks.Retention;
using FhirPriorAuth.Server.Storage;
using FhirPriorAuth.Server.Tests.Crd.Responses;
using FhirPriorAuth.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static FhirPriorAuth.Server.Tests.Crd.CrdTestServer;
using static FhirPriorAuth.Server.Tests.Crd.Retention.CrdExchanges;

namespace FhirPriorAuth.Server.Tests.Crd.Retention;

/// <summary>
/// Every CRD call is kept with its answer for dispute resolution (CRD security.md), without the EHR's access token,
/// readable by reviewers by coverage-assertion-id, and removed after the retention period.
/// </summary>
public sealed class CrdRetentionTests
{
    [Fact]
    public async Task An_answered_call_is_kept_with_its_answer_and_a_reviewer_finds_it_by_assertion_id()
    {
        await using var server = CrdServer();
        var client = server.CreateClient();
        var request = CrdCalls.WellmarkLutathera().BuildCrdRequest();
        request["fhirServer"] = "https://ehr.example.org/fhir";
        request["fhirAuthorization"] = new JsonObject
        {
            ["access_token"] = "ehr-token-that-must-not-be-kept", ["token_type"] = "Bearer", ["expires_in"] = 30,
            ["scope"] = "user/Patient.read", ["subject"] = "crd",
        };

        var answer = await AnswerAsync(client, request);
        var kept = await ReviewAsync(client, AssertionId(answer));

        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        var text = await kept.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("ehr-token-that-must-not-be-kept", text);
        var invocation = JsonNode.Parse(text)!["invocations"]!.AsArray().Single()!;
        Assert.Equal(200, (int)invocation["status"]!);
        Assert.Equal("d1577c69-dfbe-44ad-ba6d-3e05e953b2ea", (string)invocation["request"]!["hookInstance"]!);
        Assert.Null(invocation["request"]!["fhirAuthorization"]);
        Assert.True(JsonNode.DeepEquals(answer, invocation["response"]));
        // The content stays out of the server log: neither the member id nor the assertion.
        Assert.DoesNotContain(server.Logs, l => l.Contains("M123456", StringComparison.Ordinal) || l.Contains(AssertionId(answer), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_call_is_kept_too_with_its_status()
    {
        await using var server = CrdServer();
        var request = CrdCalls.WellmarkLutathera().BuildCrdRequest();
        request["hookInstance"] = "0b9d2c4e-1111-4a2b-9c3d-4e5f6a7b8c9d";
        request["context"]!.AsObject().Remove("draftOrders");

        var response = await server.CreateClient().PostAsync(OrderSignService, request);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var store = server.Services.GetRequiredService<IResourceStore>();
        // The answer does not wait for its kept call; this instance's writes under way are awaited before reading the store.
        await server.Services.GetRequiredService<CdsExchangeLog>().WrittenAsync();
        var kept = Assert.Single(await store.SearchAsync("Basic", [new("hook-instance", null, "0b9d2c4e-1111-4a2b-9c3d-4e5f6a7b8c9d")], 10, Ct));
        var record = JsonNode.Parse(kept.Json!)!.AsObject();
        Assert.Equal("OperationOutcome", (string)CdsExchangeLog.Content(record, CdsExchangeLog.ResponseUrl)!["resourceType"]!);
        Assert.Contains(record["extension"]!.AsArray(), e => (string?)e!["url"] == CdsExchangeLog.StatusUrl && (int)e["valueInteger"]! == 422);
    }

    [Fact]
    public async Task Kept_calls_are_removed_after_the_retention_period_and_not_before()
    {
        await using var server = Create(extra: new Dictionary<string, string?> { ["CdsHooks:RetentionDays"] = "30" });
        var client = server.CreateClient();
        var assertion = AssertionId(await AnswerAsync(client, CrdCalls.WellmarkLutathera().BuildCrdRequest()));
        var purge = server.Services.GetRequiredService<CdsExchangePurge>();
        var store = server.Services.GetRequiredService<IResourceStore>();
        await server.Services.GetRequiredService<CdsExchangeLog>().WrittenAsync();
        var id = Assert.Single(await store.SearchAsync("Basic", [new("cds-log", null, "crd-invocation")], 10, Ct)).Id;

        var early = await purge.PurgeAsync(DateTimeOffset.UtcNow.AddDays(29), Ct);
        var stillKept = await ReviewAsync(client, assertion);
        var late = await purge.PurgeAsync(DateTimeOffset.UtcNow.AddDays(31), Ct);
        var gone = await ReviewAsync(client, assertion);

        Assert.Equal(0, early);
        Assert.Equal(HttpStatusCode.OK, stillKept.StatusCode);
        Assert.Equal(1, late);
        await FhirAssert.OperationOutcome(gone, HttpStatusCode.NotFound);
        // Gone for good: no version of the record is left to read (a FHIR delete would keep them in the history).
        Assert.Empty(await store.HistoryAsync("Basic", id, Ct));
    }

    [Fact]
    public async Task An_unknown_assertion_id_is_404()
    {
        await using var server = CrdServer();

        var response = await ReviewAsync(server.CreateClient(), "0123456789abcdef");

        await FhirAssert.OperationOutcome(response, HttpStatusCode.NotFound);
    }
}
