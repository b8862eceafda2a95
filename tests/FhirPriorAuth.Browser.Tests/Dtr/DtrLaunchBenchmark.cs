using System.Diagnostics;
using System.Globalization;
using FhirPriorAuth.Browser.Tests.Ehr;
using FhirPriorAuth.Browser.Tests.Infrastructure;

namespace FhirPriorAuth.Browser.Tests.Dtr;

/// <summary>
/// Launch to pre-filled form, measured (not asserted: timings are not test outcomes): from opening the launch URL to
/// the form shown with the chart's answers, through the EHR's authorize and token endpoints, the payer session, the
/// questionnaire package, the chart queries and the CQL. Runs only with <c>FPA_BENCH=dtr-launch</c>:
/// <c>FPA_BENCH=dtr-launch dotnet test tests/FhirPriorAuth.Browser.Tests --filter DtrLaunchBenchmark --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class DtrLaunchBenchmark(DtrWorld world) : BrowserTest(world.Chromium), IClassFixture<DtrWorld>
{
    private const int Runs = 10;

    private const string Waterfall = """
        () => performance.getEntries()
          .filter(e => e.entryType === "resource" || e.entryType === "mark" || e.entryType === "navigation")
          .sort((a, b) => a.startTime - b.startTime)
          .map(e => `  ${e.startTime.toFixed(0).padStart(5)} +${e.duration.toFixed(0).padStart(4)}  ${e.entryType === "mark" ? "mark " + e.name
            : (e.initiatorType ?? e.entryType) + " " + e.name.replace(/^https?:\/\/[^/]+/, "").replace(/\?.*/, "")}${e.transferSize ? " " + e.transferSize + " B" : ""}`)
          .join("\n")
        """;

    [Fact]
    public async Task LaunchToPrefilledForm()
    {
        if (Environment.GetEnvironmentVariable("FPA_BENCH") != "dtr-launch")
            Assert.Skip("a benchmark: set FPA_BENCH=dtr-launch to run it");
        var (patient, coverage, order) = world.AddPatient("lutathera-initial.json", "capital-blue-cross", "Capital Blue Cross");
        var times = new List<double>();
        var waterfalls = new List<(double Total, string Text)>();
        var inApp = new List<double>();
        for (var run = 0; run <= Runs; run++)
        {
            var page = await OpenPageAsync();
            var launch = world.Ehr.RegisterLaunch(new TestEhr.Launch(patient, [order, coverage]));
            var clock = Stopwatch.StartNew();
            await page.Page.GotoAsync($"{world.Payer.BaseUrl}/dtr/launch?iss={Uri.EscapeDataString(world.Ehr.FhirBase)}&launch={launch}");
            await DtrPage.WaitForFormAsync(page);
            clock.Stop();
            Assert.Equal("auto", (await DtrPage.ReadAsync(page, "ki67")).Origin);
            if (run > 0) // the first run warms the server, the browser's caches and the JIT
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
                inApp.Add(double.Parse(await page.Page.EvaluateAsync<string>("document.body.dataset.launchMs"), CultureInfo.InvariantCulture));
                waterfalls.Add((clock.Elapsed.TotalMilliseconds, await page.Page.EvaluateAsync<string>(Waterfall)));
            }
            await page.Page.Context.CloseAsync();
        }
        times.Sort();
        inApp.Sort();
        var line = string.Create(CultureInfo.InvariantCulture,
            $"DTR launch to pre-filled form over {Runs} launches: median {times[Runs / 2]:F0} ms, min {times[0]:F0} ms, max {times[^1]:F0} ms; of which after the EHR sign-in (payer session to form shown): median {inApp[Runs / 2]:F0} ms");
        // Where the time of the median launch went on the app's page after the EHR sign-in (ms from its navigation start).
        line += "\nwaterfall of the median launch (after the sign-in; start+duration ms):\n" + waterfalls.OrderBy(w => w.Total).ElementAt(Runs / 2).Text;
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        Console.WriteLine(line);
    }
}
