using System.Net;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Server.Tests.Storage;
using static FhirPriorAuth.Server.Tests.Dtr.CrdContextPackageTests;
using static FhirPriorAuth.Server.Tests.Dtr.DtrTestServer;
using static FhirPriorAuth.Server.Tests.Dtr.PasContextPackageTests;

namespace FhirPriorAuth.Server.Tests.Dtr;

/// <summary>
/// The PAS context lookup on PostgreSQL (a fresh schema; needs <c>FPA_TEST_POSTGRES</c>, skipped without it locally,
/// failed without it in CI): a pend's attachment control number resolves to its form for its member only.
/// </summary>
public sealed class PasContextPostgresTests
{
    [Fact]
    public async Task Given_PostgreSQL_When_APendsControlNumberIsSent_Then_ItResolvesForItsMemberOnly()
    {
        await using var target = await PostgresTarget.CreateAsync(Ct);
        await using var server = Crd.CrdTestServer.Create(extra: new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "postgres",
            ["Storage:ConnectionString"] = target.ConnectionString,
        });
        var number = await PendAsync(server.CreateClient(), LutatheraPendWithOrder());

        var (status, body) = await PostAsync(server, Package, WithContext(number, MemberCoverage(Member)));
        var foreign = await server.CreateClient().SendAsync(FhirRequests.Post(Package, WithContext(number, MemberCoverage("M999999")).ToJsonString()), Ct);

        Assert.True(status == HttpStatusCode.OK, body.GetRawText());
        var resources = EntryResources(Assert.Single(PackageBundles(body))).ToList();
        Assert.Equal(WellmarkForm, resources[0].GetProperty("url").GetString());
        Assert.Equal(["MedicationRequest/lutathera-order", "Coverage/cov-1"], QrContexts(resources[^1]));
        await FhirAssert.OperationOutcome(foreign, HttpStatusCode.UnprocessableEntity);
    }
}
