using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FhirPriorAuth.Bench;
using FhirPriorAuth.Fhir.Elements;
using FhirPriorAuth.Fhir.FhirPath;

// A plain Stopwatch harness: parse+compile cost and evaluation cost per expression over a synthetic 200-entry Bundle.
// Usage: dotnet run -c Release --project bench/FhirPriorAuth.Bench [-- --write-bundle FILE] [--seconds N]
//        ... -- --decisions [--root DIR] [--seconds N]   decision latency (DecisionBench)
//        ... -- --crd [--seconds N] [--concurrency N] [--show]  CRD order-sign latency over HTTP (CrdBench)
//        ... -- --throughput [--seconds N] [--connections 2,8,32,64] [--scenarios crd,submit,resend]  (Throughput/)
var argsList = args.ToList();
var writeAt = argsList.IndexOf("--write-bundle");
var bundleJson = SyntheticBundle.Create();
if (writeAt >= 0)
{
    File.WriteAllText(argsList[writeAt + 1], bundleJson.ToJsonString());
    Console.WriteLine($"wrote {argsList[writeAt + 1]}");
    return 0;
}
var secondsAt = argsList.IndexOf("--seconds");
var seconds = secondsAt >= 0 ? double.Parse(argsList[secondsAt + 1], CultureInfo.InvariantCulture) : 1.0;
if (argsList.Contains("--decisions")) return DecisionBench.Run(argsList, seconds);
if (argsList.Contains("--crd")) return CrdBench.Run(argsList, seconds);
if (argsList.Contains("--baseline")) return FhirPriorAuth.Bench.Throughput.BaselineServer.Run(argsList);
if (argsList.Contains("--throughput")) return FhirPriorAuth.Bench.Throughput.ThroughputBench.Run(argsList, secondsAt >= 0 ? seconds : 10);

var expressions = JsonSerializer.Deserialize<List<BenchExpression>>(
    File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "expressions.json")),
    new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
var bundle = ElementNode.FromResource(bundleJson);
var context = new EvaluationContext { Now = new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero) };

// Warm every expression up first so the JIT has tiered up before anything is timed.
var warmUp = Stopwatch.StartNew();
while (warmUp.Elapsed.TotalSeconds < 2 * seconds)
    foreach (var e in expressions) FhirPathCompiler.CompileUncached(e.Expression).Evaluate(bundle, context);

Console.WriteLine($"FhirPriorAuth FHIRPath bench: {bundleJson["entry"]!.AsArray().Count}-entry Bundle, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
Console.WriteLine("| expression | result | compile µs | evaluate µs |");
Console.WriteLine("|---|---|---:|---:|");
foreach (var e in expressions)
{
    var compiled = FhirPathCompiler.CompileUncached(e.Expression);
    var result = compiled.Evaluate(bundle, context);
    var compileMicros = Measure(() => FhirPathCompiler.CompileUncached(e.Expression), seconds / 4);
    var evalMicros = Measure(() => compiled.Evaluate(bundle, context), seconds);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {e.Name} | {Describe(result)} | {compileMicros:F1} | {evalMicros:F1} |"));
}
return 0;

// Mean microseconds per call after a warm-up, running for about the given time.
static double Measure(Action action, double seconds)
{
    for (var i = 0; i < 20; i++) action();
    var sw = Stopwatch.StartNew();
    long calls = 0;
    while (sw.Elapsed.TotalSeconds < seconds)
    {
        for (var i = 0; i < 10; i++) action();
        calls += 10;
    }
    return sw.Elapsed.TotalMilliseconds * 1000 / calls;
}

static string Describe(IReadOnlyList<object> result) => result.Count switch
{
    0 => "[]",
    1 => FhirPriorAuth.Fhir.FhirPath.Values.ItemValues.ToSystemValue(result[0]) is { } v ? Convert.ToString(v, CultureInfo.InvariantCulture)!.ToLowerInvariant() : "node",
    _ => $"{result.Count} items",
};

internal sealed record BenchExpression(string Name, string Expression);
