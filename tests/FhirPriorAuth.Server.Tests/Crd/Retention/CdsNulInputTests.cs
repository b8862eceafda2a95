using System.Net;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.CdsHooks.Retention;
using FhirPriorAuth.Server.Storage;
using FhirPriorAuth.Server.Tests.Crd.Responses;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Server.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using static FhirPriorAuth.Server.Tests.Crd.CrdTestServer;
using static FhirPriorAuth.Server.Tests.Crd.Retention.CrdExchanges;

namespace FhirPriorAuth.Server.Tests.Crd.Retention;

/// <summary>
/// A NUL (<c>\u0000</c>) is valid JSON text that PostgreSQL text columns refuse. In a CDS <c>hookInstance</c> or a
/// feedback card id it is answered like any other value, and the call or feedback is kept and found by it, on every
/// backend.
/// </summary>
public abstract class CdsNulInputTests
{
    private const string WithNul = "6f1a3e0c-\u0000-4f6e%00";

    private protected abstract Task<(IReadOnlyDictionary<string, string?> Settings, IAsyncDisposable? Database)> StorageAsync();

    [Fact]
    public async Task Given_AHookInstanceWithNul_When_TheServiceIsCalled_Then_ItAnswersAndTheCallIsKeptUnderThatHookInstance()
    {
        var (settings, database) = await StorageAsync();
        await using var _ = database;
        await using var server = Create(extra: settings);
        var client = server.CreateClient();
        var call = CrdCalls.WellmarkLutathera().BuildCrdRequest();
        call["hookInstance"] = WithNul;

        var answer = await AnswerAsync(client, call);

        var review = await ReviewAsync(client, AssertionId(answer));
        var text = await review.Content.ReadAsStringAsync(Ct);
        Assert.True(review.StatusCode == HttpStatusCode.OK, $"{(int)review.StatusCode}: {text}");
        var invocation = Assert.Single(JsonNode.Parse(text)!["invocations"]!.AsArray())!;
        Assert.Equal(WithNul, (string?)invocation["request"]!["hookInstance"]);
        Assert.True(JsonNode.DeepEquals(answer, invocation["response"]));
        var store = server.Services.GetRequiredService<IResourceStore>();
        Assert.Single(await store.SearchAsync("Basic", [new("hook-instance", null, WithNul)], 10, Ct));
    }

    [Fact]
    public async Task Given_FeedbackOnACardIdWithNul_When_ItIsReported_Then_ItIsAcknowledgedAndKeptUnderThatCard()
    {
        var (settings, database) = await StorageAsync();
        await using var _ = database;
        await using var server = Create(extra: settings);

        var response = await FeedbackAsync(server.CreateClient(), Feedback(WithNul, "accepted").ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var store = server.Services.GetRequiredService<IResourceStore>();
        var kept = Assert.Single(await store.SearchAsync("Basic", [new("cds-log", null, "crd-feedback"), new("card", null, WithNul)], 10, Ct));
        var report = CdsExchangeLog.Content(JsonNode.Parse(kept.Json!)!.AsObject(), CdsExchangeLog.RequestUrl)!;
        Assert.Equal(WithNul, (string?)report["feedback"]![0]!["card"]);
    }
}

/// <summary>On SQLite (the server's own data directory).</summary>
public sealed class CdsNulInputSqliteTests : CdsNulInputTests
{
    private protected override Task<(IReadOnlyDictionary<string, string?> Settings, IAsyncDisposable? Database)> StorageAsync() =>
        Task.FromResult<(IReadOnlyDictionary<string, string?>, IAsyncDisposable?)>((new Dictionary<string, string?>(), null));
}

/// <summary>On PostgreSQL (a fresh schema; skipped without <c>FPA_TEST_POSTGRES</c> locally, failed without it in CI).</summary>
public sealed class CdsNulInputPostgresTests : CdsNulInputTests
{
    private protected override async Task<(IReadOnlyDictionary<string, string?> Settings, IAsyncDisposable? Database)> StorageAsync()
    {
        var database = await PostgresTarget.CreateAsync(Ct);
        return (new Dictionary<string, string?> { ["Storage:Provider"] = "postgres", ["Storage:ConnectionString"] = database.ConnectionString }, database);
    }
}
