using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Artifacts;
using FhirPriorAuth.Policies.Decisions;
using FhirPriorAuth.Policies.Evidence;

namespace FhirPriorAuth.Bench;

/// <summary>
/// Decision latency: evidence extraction from a PAS bundle and the decision itself, timed separately, for the
/// realistic requests in bench/requests/ against the shipped policies. Reports mean and p99 µs per call after a warm-up.
/// </summary>
internal static class DecisionBench
{
    public static int Run(List<string> args, double seconds)
    {
        var rootAt = args.IndexOf("--root");
        var roots = rootAt >= 0 ? PolicyRoots.Under(args[rootAt + 1]) : PolicyRoots.Find(Directory.GetCurrentDirectory());
        if (roots is null)
        {
            Console.Error.WriteLine("no questionnaires/ folder found; pass --root");
            return 2;
        }
        var load = Stopwatch.StartNew();
        var catalog = roots.Load();
        load.Stop();
        if (catalog.Problems.Count > 0)
        {
            foreach (var p in catalog.Problems) Console.Error.WriteLine(p);
            return 1;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"FhirPriorAuth decision bench: {catalog.Policies.Count} policies loaded and compiled in {load.Elapsed.TotalMilliseconds:F0} ms, {Environment.ProcessorCount} cores, .NET {Environment.Version}"));
        Console.WriteLine("| request | policy | action | criteria | extraction mean µs | extraction p99 µs | decision mean µs | decision p99 µs |");
        Console.WriteLine("|---|---|---|---:|---:|---:|---:|---:|");
        var today = new DateOnly(2026, 3, 1);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "requests"), "*.json").Order(StringComparer.Ordinal))
        {
            var bundle = (JsonObject)JsonNode.Parse(File.ReadAllText(file))!;
            var evidence = PasBundleEvidence.Extract(bundle, today);
            var decision = DecisionEngine.Decide(evidence, catalog);
            var (extractMean, extractP99) = Measure(() => PasBundleEvidence.Extract(bundle, today), seconds);
            var (decideMean, decideP99) = Measure(() => DecisionEngine.Decide(evidence, catalog), seconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {Path.GetFileNameWithoutExtension(file)} | {decision.PolicyUrl?.Split('/')[^1]} {decision.PolicyVersion} | {decision.Action} | {Count(decision.Criteria)} | {extractMean:F1} | {extractP99:F1} | {decideMean:F1} | {decideP99:F1} |"));
        }
        return 0;
    }

    private static int Count(IReadOnlyList<CriterionResult> results) => results.Sum(r => 1 + Count(r.Children));

    /// <summary>Warm-up for as long as the measurement, then every call timed on its own.</summary>
    private static (double Mean, double P99) Measure(Action action, double seconds)
    {
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < seconds) action();
        var samples = new List<long>(1 << 16);
        var run = Stopwatch.StartNew();
        while (run.Elapsed.TotalSeconds < seconds && samples.Count < 1_000_000)
        {
            var start = Stopwatch.GetTimestamp();
            action();
            samples.Add(Stopwatch.GetTimestamp() - start);
        }
        samples.Sort();
        var perMicro = Stopwatch.Frequency / 1_000_000.0;
        return (samples.Average() / perMicro, samples[(int)(samples.Count * 0.99)] / perMicro);
    }
}
