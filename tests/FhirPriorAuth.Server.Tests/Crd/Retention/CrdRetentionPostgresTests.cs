using System.Net;
using FhirPriorAuth.Server.CdsHooks.Retention;
using FhirPriorAuth.Server.Storage;
using FhirPriorAuth.Server.Tests.Crd.Responses;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Server.Tests.Pas;
using FhirPriorAuth.Server.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using static FhirPriorAuth.Server.Tests.Crd.CrdTestServer;
using static FhirPriorAuth.Server.Tests.Crd.Retention.CrdExchanges;

namespace FhirPriorAuth.Server.Tests.Crd.Retention;

/// <summary>
/// Keeping, finding and purging CRD calls, and the existing-authorization lookup, on PostgreSQL (a fresh schema; needs
/// <c>FPA_TEST_POSTGRES</c>, skipped without it locally, failed without it in CI).
/// </summary>
public sealed class CrdRetentionPostgresTests
{
    [Fact]
    public async Task Calls_are_kept_satisfied_by_an_approval_and_purged_after_the_retention_period_on_PostgreSQL()
    {
        await using var target = await PostgresTarget.CreateAsync(Ct);
        await using var server = Create(extra: new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "postgres",
            ["Storage:ConnectionString"] = target.ConnectionString,
            ["CdsHooks:RetentionDays"] = "30",
        });
        var client = server.CreateClient();
        var approved = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, CrdCalls.WellmarkLutathera().Build()));

        var answer = await AnswerAsync(client, CrdCalls.WellmarkLutathera().BuildCrdRequest());
        var kept = await ReviewAsync(client, AssertionId(answer));
        var purge = server.Services.GetRequiredService<CdsExchangePurge>();
        var early = await purge.PurgeAsync(DateTimeOffset.UtcNow.AddDays(29), Ct);
        var late = await purge.PurgeAsync(DateTimeOffset.UtcNow.AddDays(31), Ct);

        Assert.Equal((string)approved["preAuthRef"]!, (string)CoverageInformation(answer)["satisfied-pa-id"]!);
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        Assert.Equal(0, early);
        Assert.Equal(1, late);
        await FhirAssert.OperationOutcome(await ReviewAsync(client, AssertionId(answer)), HttpStatusCode.NotFound);
        // The PAS records are not the purge's business.
        var store = server.Services.GetRequiredService<IResourceStore>();
        Assert.NotEmpty(await store.SearchAsync("Bundle", [], 10, Ct));
    }
}
