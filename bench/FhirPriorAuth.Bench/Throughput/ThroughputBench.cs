using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace FhirPriorAuth.Bench.Throughput;

/// <summary>
/// Throughput under concurrency, side by side in one run on the same cores: the built server (SQLite in a temporary
/// directory, authentication off on loopback) against bare Kestrel answering the same bytes, without and with one
/// durable SQLite write per request. Every scenario gets the same closed-loop load (<see cref="LoadGenerator"/>) at
/// each connection count; the table shows answers/s, p50/p99, non-2xx answers, transport errors, the ratio to the
/// yardstick and the load average (the machine may be shared, so read the ratios rather than the absolute figures).
/// Usage: ... -- --throughput [--seconds N] [--connections 2,8,32,64] [--scenarios crd,submit,resend] [-- server args]
/// </summary>
internal static class ThroughputBench
{
    public static int Run(List<string> args, double seconds)
    {
        var connectionsAt = args.IndexOf("--connections");
        var connections = connectionsAt >= 0
            ? args[connectionsAt + 1].Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray()
            : [2, 8, 32, 64];
        var scenariosAt = args.IndexOf("--scenarios");
        var scenarios = scenariosAt >= 0 ? args[scenariosAt + 1].Split(',') : ["crd", "submit", "resend"];
        var serverArgsAt = args.IndexOf("--");
        var serverArgs = serverArgsAt >= 0 ? args[(serverArgsAt + 1)..] : [];
        var duration = TimeSpan.FromSeconds(seconds);

        var pas = PasTemplate(Path.Combine(AppContext.BaseDirectory, "requests", "lutathera-wellmark.json"));
        var crd = CrdBench.OrderSign(Path.Combine(AppContext.BaseDirectory, "requests", "lutathera-wellmark.json"));
        crd["hookInstance"] = "bench-hook-__N__";
        // Another member than the PAS requests': the $submit rows store thousands of answers for theirs, and a member
        // with thousands of authorizations is not the order-sign this measures.
        var crdTemplate = crd.ToJsonString().Replace("\"M123456\"", "\"M-CRD-BENCH\"", StringComparison.Ordinal);
        byte[] Numbered(string template, long n) => Encoding.UTF8.GetBytes(template.Replace("__N__", n.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var resendBody = Numbered(pas, 0);

        var work = Directory.CreateTempSubdirectory("fpa-throughput-").FullName;
        var processes = new List<Process>();
        try
        {
            var serverPort = CrdBench.FreePort();
            processes.Add(CrdBench.StartServer(serverPort, Path.Combine(work, "server"), serverArgs));
            var server = new Uri($"http://127.0.0.1:{serverPort}");
            using var probe = new HttpClient { BaseAddress = server };
            if (!CrdBench.WaitUntilUp(probe, "/cds-services", TimeSpan.FromSeconds(90)))
                return Fail("the server did not come up within 90 s");

            // The yardsticks answer with the server's own answers, so every target writes the same bytes.
            var crdAnswer = Path.Combine(work, "crd-answer.json");
            var submitAnswer = Path.Combine(work, "submit-answer.json");
            if (!Capture(probe, "/cds-services/crd-order-sign", Numbered(crdTemplate, 0), "application/json", crdAnswer)
                || !Capture(probe, "/fhir/Claim/$submit", resendBody, "application/fhir+json", submitAnswer))
                return Fail("the server did not answer the sample requests with 200");

            var barePort = CrdBench.FreePort();
            var durablePort = CrdBench.FreePort();
            var serverProcess = processes[0];
            var bareProcess = StartBaseline(barePort, crdAnswer, submitAnswer, null);
            processes.Add(bareProcess);
            var durableProcess = StartBaseline(durablePort, crdAnswer, submitAnswer, Path.Combine(work, "baseline.db"));
            processes.Add(durableProcess);
            using (var bareProbe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{barePort}") })
            using (var durableProbe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{durablePort}") })
            {
                if (!CrdBench.WaitUntilUp(bareProbe, "/up", TimeSpan.FromSeconds(30)) || !CrdBench.WaitUntilUp(durableProbe, "/up", TimeSpan.FromSeconds(30)))
                    return Fail("the baselines did not come up");
            }

            var targets = new List<Target>();
            if (scenarios.Contains("crd"))
            {
                targets.Add(new("bare Kestrel, same bytes", new Uri($"http://127.0.0.1:{barePort}/cds-services/crd-order-sign"), n => Numbered(crdTemplate, n), "application/json", null, bareProcess));
                targets.Add(new("CRD order-sign", new Uri(server, "/cds-services/crd-order-sign"), n => Numbered(crdTemplate, n), "application/json", "bare Kestrel, same bytes", serverProcess));
            }
            if (scenarios.Contains("submit") || scenarios.Contains("resend"))
                targets.Add(new("Kestrel + 1 durable write", new Uri($"http://127.0.0.1:{durablePort}/fhir/Claim/$submit"), n => Numbered(pas, n), "application/fhir+json", null, durableProcess));
            if (scenarios.Contains("submit"))
                targets.Add(new("$submit new requests", new Uri(server, "/fhir/Claim/$submit"), n => Numbered(pas, n + 1_000_000_000L * Random.Shared.Next(1, 9)), "application/fhir+json", "Kestrel + 1 durable write", serverProcess));
            if (scenarios.Contains("resend"))
                targets.Add(new("$submit resends", new Uri(server, "/fhir/Claim/$submit"), _ => resendBody, "application/fhir+json", "Kestrel + 1 durable write", serverProcess));

            // Warm-up, so the JIT has tiered up and the pools are filled before anything is measured.
            foreach (var target in targets)
                LoadGenerator.Run(target.Url, 8, TimeSpan.FromSeconds(Math.Min(3, seconds)), target.Body, target.ContentType);

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"FhirPriorAuth throughput bench: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {seconds:F0} s per row, closed loop, loopback, server args: {(serverArgs.Count == 0 ? "(SQLite)" : string.Join(' ', serverArgs))}"));
            Console.WriteLine("| scenario | connections | answers/s | p50 ms | p99 ms | non-2xx | errors | ratio | CPU ms/answer | load avg |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var count in connections)
            {
                var measured = new Dictionary<string, LoadResult>();
                foreach (var target in targets)
                {
                    target.Process.Refresh();
                    var cpuBefore = target.Process.TotalProcessorTime;
                    var result = LoadGenerator.Run(target.Url, count, duration, target.Body, target.ContentType);
                    var cpu = CpuMsPerAnswer(target.Process, cpuBefore, result);
                    measured[target.Name] = result;
                    var ratio = target.Yardstick is { } y && measured.TryGetValue(y, out var baseline) && baseline.PerSecond > 0
                        ? $"{100 * result.PerSecond / baseline.PerSecond:F0}% of {y}" : "";
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {target.Name} | {count} | {result.PerSecond:F0} | {result.P50Ms:F2} | {result.P99Ms:F1} | {result.Non2xx} | {result.Errors} | {ratio} | {cpu:F2} | {LoadAverage()} |"));
                    if (result.FirstProblem.Length > 0)
                        Console.Error.WriteLine($"  first problem ({target.Name}, {count}): {result.FirstProblem}");
                }
            }
            return 0;
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                process.Dispose();
            }
            Directory.Delete(work, recursive: true);
        }
    }

    private sealed record Target(string Name, Uri Url, Func<long, byte[]> Body, string ContentType, string? Yardstick, Process Process);

    // CPU time the target process spent per answer: independent of how busy the rest of the machine is, so it shows what
    // two free cores would sustain (2,000 ms of CPU per second / ms per answer) when the load average says the run was shared.
    private static double CpuMsPerAnswer(Process process, TimeSpan before, LoadResult result)
    {
        process.Refresh();
        return result.Answers + result.Non2xx == 0 ? double.NaN : (process.TotalProcessorTime - before).TotalMilliseconds / (result.Answers + result.Non2xx);
    }

    /// <summary>The Lutathera PAS request with a numbered Claim identifier, so each number is a new request.</summary>
    private static string PasTemplate(string path)
    {
        var bundle = (JsonObject)JsonNode.Parse(File.ReadAllText(path))!;
        bundle["identifier"] = new JsonObject { ["system"] = "http://bench.example.org/pas-request", ["value"] = "bench-__N__" };
        var claim = bundle["entry"]![0]!["resource"]!.AsObject();
        claim["identifier"] = new JsonArray(new JsonObject { ["system"] = "http://bench.example.org/claim", ["value"] = "bench-claim-__N__" });
        return bundle.ToJsonString();
    }

    private static bool Capture(HttpClient client, string path, byte[] body, string contentType, string file)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new(contentType);
        using var response = client.PostAsync(path, content).GetAwaiter().GetResult();
        var answer = response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
        if (!response.IsSuccessStatusCode)
        {
            Console.Error.WriteLine($"{path} answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(answer)}");
            return false;
        }
        File.WriteAllBytes(file, answer);
        return true;
    }

    private static Process StartBaseline(int port, string crdAnswer, string submitAnswer, string? durableFile)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(typeof(ThroughputBench).Assembly.Location);
        foreach (var arg in new[] { "--baseline", "--port", port.ToString(CultureInfo.InvariantCulture), "--crd-answer", crdAnswer, "--submit-answer", submitAnswer })
            start.ArgumentList.Add(arg);
        if (durableFile is not null)
        {
            start.ArgumentList.Add("--durable");
            start.ArgumentList.Add(durableFile);
        }
        return CrdBench.StartDrained(start);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }
}
