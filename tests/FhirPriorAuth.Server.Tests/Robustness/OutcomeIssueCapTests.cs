using System.Net;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.FhirApi;
using FhirPriorAuth.Server.Tests.Infrastructure;

namespace FhirPriorAuth.Server.Tests.Robustness;

/// <summary>
/// An answer lists at most <see cref="OperationOutcomes.MaxIssues"/> issues and says how many it left out (issue 10, item 5:
/// a Bundle of 200,000 bad entries once got a 25 MB OperationOutcome). The cap does not depend on size, so 5,000 entries show it.
/// </summary>
public sealed class OutcomeIssueCapTests
{
    private const int Entries = 5_000;

    [Fact]
    public async Task ABundleWithThousandsOfErrors_GetsTheFirstHundredIssuesAndACountOfTheRest()
    {
        var entries = new JsonArray();
        for (var i = 0; i < Entries; i++)
            entries.Add(new JsonObject { ["resource"] = new JsonObject { ["resourceType"] = "Patient", ["notAnElement"] = i } });
        var bundle = new JsonObject { ["resourceType"] = "Bundle", ["type"] = "collection", ["entry"] = entries };

        await using var server = FhirServerFactory.WithAuthDisabled();
        using var response = await server.CreateClient().SendAsync(FhirRequests.Post("/fhir/Bundle/$validate", bundle.ToJsonString()),
            TestContext.Current.CancellationToken);

        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.OK);
        var issues = FhirAssert.Issues(outcome).ToList();
        Assert.Equal(OperationOutcomes.MaxIssues + 1, issues.Count);
        Assert.Equal("too-costly", issues[^1].GetProperty("code").GetString());
        Assert.Contains($"{Entries - OperationOutcomes.MaxIssues} more issues", issues[^1].GetProperty("diagnostics").GetString(), StringComparison.Ordinal);
    }
}
