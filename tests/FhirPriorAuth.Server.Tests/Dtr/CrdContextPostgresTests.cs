using System.Net;
using FhirPriorAuth.Server.Tests.Crd.Responses;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Server.Tests.Storage;
using static FhirPriorAuth.Server.Tests.Crd.Retention.CrdExchanges;
using static FhirPriorAuth.Server.Tests.Dtr.CrdContextPackageTests;
using static FhirPriorAuth.Server.Tests.Dtr.DtrTestServer;

namespace FhirPriorAuth.Server.Tests.Dtr;

/// <summary>
/// The CRD context lookup on PostgreSQL (a fresh schema; needs <c>FPA_TEST_POSTGRES</c>, skipped without it locally,
/// failed without it in CI): the member's assertion id resolves to its form, another member's Coverage does not.
/// </summary>
public sealed class CrdContextPostgresTests
{
    [Fact]
    public async Task Given_PostgreSQL_When_AnAssertionIdIsSent_Then_ItResolvesForItsMemberOnly()
    {
        await using var target = await PostgresTarget.CreateAsync(Ct);
        await using var server = Crd.CrdTestServer.Create(extra: new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "postgres",
            ["Storage:ConnectionString"] = target.ConnectionString,
        });
        var assertion = AssertionId(await AnswerAsync(server.CreateClient(), CrdCalls.WellmarkLutathera().BuildCrdRequest()));

        var (status, body) = await PostAsync(server, Package, WithContext(assertion, MemberCoverage(Member)));
        var foreign = await server.CreateClient().SendAsync(FhirRequests.Post(Package, WithContext(assertion, MemberCoverage("M999999")).ToJsonString()), Ct);

        Assert.True(status == HttpStatusCode.OK, body.GetRawText());
        Assert.Equal("wellmark-lutathera", EntryResources(Assert.Single(PackageBundles(body))).First().GetProperty("id").GetString());
        await FhirAssert.OperationOutcome(foreign, HttpStatusCode.UnprocessableEntity);
    }
}
