using System.Net;
using FhirPriorAuth.Server.Storage;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Server.Tests.Pas;

namespace FhirPriorAuth.Server.Tests.Audit;

/// <summary>The audit record is written after the data commits; when it cannot be written the client still gets its real answer.</summary>
public sealed class AuditFailureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_submission_whose_audit_record_cannot_be_written_still_answers_200_and_the_loss_is_logged()
    {
        var audits = new FailingAudits.Counter();
        await using var server = FhirServerFactory.WithAuthDisabled(s => s.InterceptStore(() => new FailingAudits(audits)));
        var client = server.CreateClient();
        var request = PasRequests.LutatheraQualifying().Build();

        var response = await PasClient.PostAsync(client, request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, audits.Attempts); // tried once more before giving up
        var correlation = Assert.Single(response.Headers.GetValues("X-Request-Id"));
        var logged = Assert.Single(server.Logs, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("audit", StringComparison.Ordinal));
        Assert.Contains("submit", logged, StringComparison.Ordinal);
        Assert.Contains(correlation, logged, StringComparison.Ordinal);
        Assert.DoesNotContain(FailingAudits.Secret, logged, StringComparison.Ordinal);
        Assert.DoesNotContain("PA-", logged, StringComparison.Ordinal);
        // The data was saved: the same request again is recognised and gets the same authorization number.
        var first = PasClient.ClaimResponse(System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject());
        var again = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, request));
        Assert.Equal((string?)first["preAuthRef"], (string?)again["preAuthRef"]);
    }

    [Fact]
    public async Task A_refusal_whose_audit_record_cannot_be_written_stays_a_400()
    {
        var audits = new FailingAudits.Counter();
        await using var server = FhirServerFactory.WithAuthDisabled(s => s.InterceptStore(() => new FailingAudits(audits)));
        var request = PasRequests.LutatheraQualifying().Build();
        request["entry"]![0]!["resource"]!.AsObject().Remove("item");

        var response = await PasClient.PostAsync(server.CreateClient(), request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(2, audits.Attempts);
    }

    [Fact]
    public async Task An_audit_write_that_fails_once_is_retried_and_recorded()
    {
        var audits = new FailingAudits.Counter { FailuresLeft = 1 };
        await using var server = FhirServerFactory.WithAuthDisabled(s => s.InterceptStore(() => new FailingAudits(audits)));

        await PasClient.SubmitAsync(server.CreateClient(), PasRequests.LutatheraQualifying().Build());

        Assert.Equal(2, audits.Attempts);
        var store = (IResourceStore)server.Services.GetService(typeof(IResourceStore))!;
        Assert.Single(await store.SearchAsync("AuditEvent", [new TokenCriterion("audit-kind", null, "submit")], 10, Ct));
        Assert.DoesNotContain(server.Logs, l => l.StartsWith("Error", StringComparison.Ordinal));
    }

    /// <summary>Audit writes fail (all of them, or the first <see cref="Counter.FailuresLeft"/>); everything else is stored.</summary>
    private sealed class FailingAudits(FailingAudits.Counter counter) : InterceptedOperations
    {
        public const string Secret = "storage-detail-that-must-not-be-logged";

        public sealed class Counter
        {
            private readonly Lock _gate = new();
            private int _attempts;

            public int FailuresLeft { get; set; } = int.MaxValue;

            public int Attempts => Volatile.Read(ref _attempts);

            public bool Fails()
            {
                Interlocked.Increment(ref _attempts);
                lock (_gate)
                    return FailuresLeft-- > 0;
            }
        }

        public override Task<StoredResource> CreateAsync(string resourceType, string json, IReadOnlyCollection<SearchToken> searchTokens, CancellationToken cancellationToken = default) =>
            resourceType == "AuditEvent" && counter.Fails()
                ? throw new InvalidOperationException(Secret + " " + json)
                : base.CreateAsync(resourceType, json, searchTokens, cancellationToken);
    }
}
