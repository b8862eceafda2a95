using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Server.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace FhirPriorAuth.Server.Tests.Pas.Reporting;

/// <summary><c>fpa report cms-metrics --postgres</c> reads a PostgreSQL store the server filled.</summary>
public sealed class CmsMetricsPostgresTests
{
    [Fact]
    public async Task The_report_reads_decisions_from_postgres()
    {
        await using var target = await PostgresTarget.CreateAsync(TestContext.Current.CancellationToken);
        await using (var server = new FhirServerFactory(new Dictionary<string, string?>
                     {
                         ["Auth:Enabled"] = "false", ["Storage:Provider"] = "postgres", ["Storage:ConnectionString"] = target.ConnectionString,
                     }, services => services.AddSingleton<TimeProvider>(new FixedClock())))
        {
            var client = server.CreateClient();
            Assert.Equal(["A1"], PasClient.ActionCodes(PasClient.ClaimResponse(await PasClient.SubmitAsync(client, PasRequests.LutatheraQualifying().Build()))));
            Assert.Equal(["A3"], PasClient.ActionCodes(PasClient.ClaimResponse(await PasClient.SubmitAsync(client, PasRequests.AfinitorForBreastCancer().Her2(true).Build()))));
        }
        var output = new StringWriter();

        var code = FhirPriorAuth.Cli.Program.Run(["report", "cms-metrics", "--year", "2026", "--postgres", target.ConnectionString,
            "--include-drugs", "--format", "json"], output, new StringWriter());

        Assert.Equal(0, code);
        var report = JsonNode.Parse(output.ToString())!;
        Assert.Equal(2, (int)report["standardApproved"]!["of"]!);
        Assert.Equal(1, (int)report["standardApproved"]!["count"]!);
        Assert.Equal(1, (int)report["standardDenied"]!["count"]!);
    }

    private sealed class FixedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 2, 10, 10, 0, 0, TimeSpan.Zero);
    }
}
