using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Storage;
using FhirPriorAuth.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FhirPriorAuth.Server.Tests.Pas.Reporting;

/// <summary>
/// <c>fpa report cms-metrics</c> over a store the real server filled: automated decisions from $submit, one pended
/// request decided by a reviewer Task, one still pended, one from the year before.
/// </summary>
public sealed class CmsMetricsReportTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("fpa-report-").FullName;

    public async ValueTask InitializeAsync()
    {
        var clock = new SettableClock(new DateTimeOffset(2025, 12, 31, 20, 0, 0, TimeSpan.Zero));
        await using var server = new FhirServerFactory(
            new Dictionary<string, string?> { ["Auth:Enabled"] = "false", ["Storage:DataDirectory"] = _dataDirectory },
            services => services.AddSingleton<TimeProvider>(clock));
        var client = server.CreateClient();
        var store = server.Services.GetRequiredService<IResourceStore>();

        // Last year: never counted in 2026.
        await PasClient.SubmitAsync(client, PasRequests.LutatheraQualifying().Patient(70).Build());
        // Standard: approved and denied at once.
        clock.Now = new DateTimeOffset(2026, 2, 10, 10, 0, 0, TimeSpan.Zero);
        Assert.Equal(["A1"], Codes(await PasClient.SubmitAsync(client, PasRequests.LutatheraQualifying().Build())));
        clock.Now = clock.Now.AddDays(1);
        Assert.Equal(["A3"], Codes(await PasClient.SubmitAsync(client, PasRequests.AfinitorForBreastCancer().Her2(true).Build())));
        // Expedited (X12 level of service U) and denied at once.
        Assert.Equal(["A3"], Codes(await PasClient.SubmitAsync(client, Urgent(PasRequests.AfinitorForBreastCancer().Her2(true).Patient(62).Build()))));
        // Pended, then approved by a reviewer 36 hours later under urgent priority.
        clock.Now = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var pended = await PasClient.SubmitAsync(client, PasRequests.LutatheraUndocumented().Build());
        Assert.Equal(["A4"], Codes(pended));
        var stored = await store.SearchAsync("Bundle", [new TokenCriterion("authorization-number", null, (string)PasClient.ClaimResponse(pended)["preAuthRef"]!),
            new TokenCriterion("pas-kind", null, "submit-response")], 10, TestContext.Current.CancellationToken);
        await store.CreateAsync("Task", ReviewTask(Assert.Single(stored).Id, clock.Now, clock.Now.AddHours(36), "A1").ToJsonString(),
            [new SearchToken("pas-kind", null, "review-task")], TestContext.Current.CancellationToken);
        // Pended and still waiting.
        Assert.Equal(["A4"], Codes(await PasClient.SubmitAsync(client, PasRequests.LutatheraUndocumented().Patient(61).Build())));
    }

    [Fact]
    public void With_drugs_included_the_metrics_count_every_determination_of_the_year()
    {
        var (code, output) = Run("--year", "2026", "--data-dir", _dataDirectory, "--include-drugs", "--format", "json");

        Assert.Equal(0, code);
        var report = JsonNode.Parse(output)!;
        Assert.Equal(0, (int)report["excludedDrugRequests"]!);
        Assert.Equal((50.0m, 1, 2), Share(report["standardApproved"]!));
        Assert.Equal((50.0m, 1, 2), Share(report["standardDenied"]!));
        Assert.Equal((50.0m, 1, 2), Share(report["expeditedApproved"]!));
        Assert.Equal((50.0m, 1, 2), Share(report["expeditedDenied"]!));
        Assert.Equal(0m, (decimal)report["standardDecisionTime"]!["averageHours"]!);
        Assert.Equal(18m, (decimal)report["expeditedDecisionTime"]!["averageHours"]!);
        Assert.Equal(18m, (decimal)report["expeditedDecisionTime"]!["medianHours"]!);
        Assert.Equal(1, (int)report["pendingStandard"]!);
        Assert.False((bool)report["standardApprovedAfterAppeal"]!["available"]!);
        Assert.Contains(report["itemsAndServicesRequiringPriorAuthorization"]!.AsArray(),
            s => ((string)s!).Contains("lutathera", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void By_default_drug_requests_are_excluded_as_the_rule_says()
    {
        var (code, output) = Run("--year", "2026", "--data-dir", _dataDirectory, "--format", "json");

        Assert.Equal(0, code);
        var report = JsonNode.Parse(output)!;
        Assert.Equal(5, (int)report["excludedDrugRequests"]!);
        Assert.Equal(0, (int)report["standardApproved"]!["of"]!);
        Assert.Null(report["standardApproved"]!["percent"]);
        Assert.Empty(report["itemsAndServicesRequiringPriorAuthorization"]!.AsArray());
    }

    [Fact]
    public void The_text_table_lists_the_nine_metrics()
    {
        var (code, output) = Run("--year", "2026", "--data-dir", _dataDirectory, "--include-drugs");

        Assert.Equal(0, code);
        var lines = output.Split('\n');
        for (var metric = 1; metric <= 9; metric++)
            Assert.Contains(lines, l => l.StartsWith($"{metric} ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("2 Standard requests approved", StringComparison.Ordinal) && l.Contains("50.0% (1 of 2)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("9 Expedited", StringComparison.Ordinal) && l.Contains("18 h / 18 h (2 requests)", StringComparison.Ordinal));
    }

    [Fact]
    public void The_year_before_holds_only_its_own_request()
    {
        var (code, output) = Run("--year", "2025", "--data-dir", _dataDirectory, "--format", "json");

        Assert.Equal(0, code);
        Assert.Equal(1, (int)JsonNode.Parse(output)!["excludedDrugRequests"]!);
    }

    [Fact]
    public void A_missing_database_is_an_error_not_a_new_empty_store()
    {
        var (code, _) = Run("--year", "2026", "--data-dir", Path.Combine(_dataDirectory, "nothing-here"));

        Assert.Equal(2, code);
        Assert.False(Directory.Exists(Path.Combine(_dataDirectory, "nothing-here")));
    }

    private static (int Code, string Output) Run(params string[] arguments)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = FhirPriorAuth.Cli.Program.Run(["report", "cms-metrics", .. arguments], output, error);
        return (code, output + error.ToString());
    }

    private static (decimal?, int, int) Share(JsonNode share) => ((decimal?)share["percent"], (int)share["count"]!, (int)share["of"]!);

    private static IReadOnlyList<string> Codes(JsonObject bundle) => PasClient.ActionCodes(PasClient.ClaimResponse(bundle));

    private static JsonObject Urgent(JsonObject bundle)
    {
        var claim = bundle["entry"]![0]!["resource"]!.AsObject();
        var extensions = claim["extension"] as JsonArray ?? [];
        extensions.Add(new JsonObject
        {
            ["url"] = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-levelOfServiceCode",
            ["valueCodeableConcept"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = "https://codesystem.x12.org/005010/1338", ["code"] = "U" }) },
        });
        claim["extension"] = extensions;
        return bundle;
    }

    // The shape the reviewer API records a decision in.
    private static JsonObject ReviewTask(string responseId, DateTimeOffset submitted, DateTimeOffset decided, string action) => new()
    {
        ["resourceType"] = "Task",
        ["status"] = "completed",
        ["intent"] = "order",
        ["priority"] = "urgent",
        ["authoredOn"] = submitted.ToString("O"),
        ["executionPeriod"] = new JsonObject { ["start"] = submitted.ToString("O"), ["end"] = decided.ToString("O") },
        ["focus"] = new JsonObject { ["reference"] = "Bundle/" + responseId },
        ["output"] = new JsonArray(new JsonObject { ["type"] = new JsonObject { ["text"] = "reviewAction" }, ["valueCode"] = action }),
    };

    public ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left for the OS to clean from the temp folder.
        }
        return ValueTask.CompletedTask;
    }

    private sealed class SettableClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
