using System.Text.Json;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace FhirPriorAuth.Bench;

/// <summary>
/// CRD order-sign latency over real HTTP: starts the built server (Kestrel on loopback, authentication off, its own
/// temporary database), then posts a Lutathera order-sign request with full prefetch (built from the Lutathera PAS
/// request in bench/requests/) from 1 and then N concurrent callers, each call timed on its own.
/// Usage: ... -- --crd [--seconds N] [--concurrency N] [--show]  (--show prints the answer measured)
/// </summary>
internal static class CrdBench
{
    public static int Run(List<string> args, double seconds)
    {
        var concurrencyAt = args.IndexOf("--concurrency");
        var concurrency = concurrencyAt >= 0 ? int.Parse(args[concurrencyAt + 1], CultureInfo.InvariantCulture) : 4;
        var body = OrderSign(Path.Combine(AppContext.BaseDirectory, "requests", "lutathera-wellmark.json")).ToJsonString();
        var port = FreePort();
        var data = Directory.CreateTempSubdirectory("fpa-crd-bench-").FullName;
        using var server = StartServer(port, data);
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            if (!WaitUntilUp(client, "/cds-services", TimeSpan.FromSeconds(60)))
            {
                Console.Error.WriteLine("the server did not come up within 60 s");
                return 1;
            }
            var first = Post(client, body);
            if (first.Status != HttpStatusCode.OK)
            {
                Console.Error.WriteLine($"order-sign answered {(int)first.Status}: {first.Body}");
                return 1;
            }
            var answer = JsonNode.Parse(first.Body)!;
            if (args.Contains("--show"))
                Console.WriteLine(answer.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            Console.WriteLine($"answer: {answer["cards"]?.AsArray().Count ?? 0} cards, {(answer["systemActions"] as JsonArray)?.Count ?? 0} system actions"
                + $" ({string.Join(", ", (answer["cards"] as JsonArray ?? []).Select(c => c?["summary"]?.GetValue<string>()))})");
            // Warm-up as long as a measurement, so the JIT has tiered up.
            Load(client, body, concurrency, seconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"FhirPriorAuth CRD bench: order-sign, Lutathera with full prefetch ({body.Length / 1024} KiB), Kestrel on loopback, {Environment.ProcessorCount} cores, .NET {Environment.Version}"));
            Console.WriteLine("| callers | calls | calls/s | median ms | p90 ms | p99 ms | max ms |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var callers in new[] { 1, concurrency }.Distinct())
            {
                var samples = Load(client, body, callers, seconds);
                samples.Sort();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {callers} | {samples.Count} | {samples.Count / seconds:F0} | {At(samples, 0.5):F2} | {At(samples, 0.9):F2} | {At(samples, 0.99):F2} | {samples[^1]:F2} |"));
            }
            return 0;
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            server.WaitForExit();
            Directory.Delete(data, recursive: true);
        }
    }

    private static double At(List<double> sorted, double quantile) => sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * quantile))];

    /// <summary>Each caller posts back to back for the given time; returns every call's latency in ms.</summary>
    private static List<double> Load(HttpClient client, string body, int callers, double seconds)
    {
        var all = new List<double>();
        var threads = Enumerable.Range(0, callers).Select(_ => Task.Run(() =>
        {
            var mine = new List<double>();
            var run = Stopwatch.StartNew();
            while (run.Elapsed.TotalSeconds < seconds)
            {
                var start = Stopwatch.GetTimestamp();
                var (status, _) = Post(client, body);
                if (status != HttpStatusCode.OK) throw new InvalidOperationException($"order-sign answered {(int)status}");
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            return mine;
        })).ToArray();
        foreach (var t in threads) all.AddRange(t.GetAwaiter().GetResult());
        return all;
    }

    private static (HttpStatusCode Status, string Body) Post(HttpClient client, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = client.PostAsync("/cds-services/crd-order-sign", content).GetAwaiter().GetResult();
        return (response.StatusCode, response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
    }

    internal static Process StartServer(int port, string dataDirectory, IEnumerable<string>? extraArgs = null)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "FhirPriorAuth.Server.dll", "--urls", $"http://127.0.0.1:{port}", "--Auth:Enabled", "false",
                     "--Storage:DataDirectory", dataDirectory, "--Logging:LogLevel:Default", "Warning" }.Concat(extraArgs ?? []))
            start.ArgumentList.Add(arg);
        return StartDrained(start);
    }

    /// <summary>Starts a process whose output is drained (a chatty server never blocks on a full pipe), errors to stderr.</summary>
    internal static Process StartDrained(ProcessStartInfo start)
    {
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    internal static bool WaitUntilUp(HttpClient client, string path, TimeSpan limit)
    {
        var wait = Stopwatch.StartNew();
        while (wait.Elapsed < limit)
        {
            try
            {
                if (client.GetAsync(path).GetAwaiter().GetResult().IsSuccessStatusCode) return true;
            }
            catch (HttpRequestException)
            {
            }
            Thread.Sleep(200);
        }
        return false;
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// The order-sign request an EHR would send for the PAS bundle's Lutathera claim: the MedicationRequest as the draft
    /// order, and every prefetch key of the crd-order-sign service answered from the bundle's resources.
    /// </summary>
    internal static JsonObject OrderSign(string pasBundlePath)
    {
        var bundle = (JsonObject)JsonNode.Parse(File.ReadAllText(pasBundlePath))!;
        var resources = bundle["entry"]!.AsArray().Select(e => e!["resource"]!.AsObject()).ToList();
        JsonObject One(string type) => resources.First(r => (string?)r["resourceType"] == type).DeepClone().AsObject();
        JsonObject Searchset(params string[] types)
        {
            var entries = new JsonArray();
            foreach (var r in resources.Where(r => types.Contains((string?)r["resourceType"])))
                entries.Add(new JsonObject { ["fullUrl"] = $"http://ehr.example.org/fhir/{r["resourceType"]}/{r["id"]}", ["resource"] = r.DeepClone() });
            return new JsonObject { ["resourceType"] = "Bundle", ["type"] = "searchset", ["total"] = entries.Count, ["entry"] = entries };
        }

        var order = new JsonObject
        {
            ["resourceType"] = "MedicationRequest", ["id"] = "lutathera-order", ["status"] = "draft", ["intent"] = "order",
            ["medicationCodeableConcept"] = new JsonObject
            {
                ["coding"] = new JsonArray(
                    new JsonObject { ["system"] = "http://www.nlm.nih.gov/research/umls/rxnorm", ["code"] = "1999682", ["display"] = "lutetium Lu 177 dotatate" },
                    new JsonObject { ["system"] = "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", ["code"] = "A9513" }),
            },
            ["subject"] = new JsonObject { ["reference"] = "Patient/patient" },
            ["authoredOn"] = "2026-02-27",
            ["requester"] = new JsonObject { ["reference"] = "PractitionerRole/prescriber" },
            ["insurance"] = new JsonArray(new JsonObject { ["reference"] = "Coverage/coverage" }),
            ["dosageInstruction"] = new JsonArray(new JsonObject
            {
                ["text"] = "200 mCi IV every 8 weeks, 4 doses",
                ["doseAndRate"] = new JsonArray(new JsonObject { ["doseQuantity"] = new JsonObject { ["value"] = 200, ["unit"] = "mCi" } }),
            }),
            ["dispenseRequest"] = new JsonObject { ["numberOfRepeatsAllowed"] = 3 },
        };
        var medicationRequests = Searchset("PractitionerRole", "Practitioner");
        medicationRequests["entry"]!.AsArray().Insert(0, new JsonObject { ["resource"] = order.DeepClone() });
        return new JsonObject
        {
            ["hook"] = "order-sign",
            ["hookInstance"] = Guid.NewGuid().ToString(),
            ["context"] = new JsonObject
            {
                ["userId"] = "PractitionerRole/prescriber",
                ["patientId"] = "patient",
                ["draftOrders"] = new JsonObject
                {
                    ["resourceType"] = "Bundle", ["type"] = "collection",
                    ["entry"] = new JsonArray(new JsonObject { ["resource"] = order }),
                },
            },
            ["prefetch"] = new JsonObject
            {
                ["patient"] = One("Patient"),
                ["coverage"] = Searchset("Coverage", "Organization"),
                ["user"] = One("PractitionerRole"),
                ["medicationRequests"] = medicationRequests,
                ["conditions"] = Searchset("Condition"),
                ["observations"] = Searchset("Observation"),
                ["medicationStatements"] = Searchset("MedicationStatement"),
                ["medicationAdministrations"] = Searchset("MedicationAdministration"),
            },
        };
    }
}
