using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.CdsHooks;
using FhirPriorAuth.Server.Pas.Notifications;
using FhirPriorAuth.Server.Storage;
using FhirPriorAuth.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FhirPriorAuth.Server.Tests.Fuzz;

/// <summary>
/// Mutated requests (see <see cref="JsonMutator"/>) from the fixtures at every endpoint, in process, with a fixed seed:
/// no answer may be a 5xx, every 4xx must carry an OperationOutcome, the server must still answer afterwards, and its
/// memory must come back near where it started. <c>FPA_FUZZ_INPUTS</c> sets the count (default 10,000) and
/// <c>FPA_FUZZ_SEED</c> the seed. Authentication is off (the in-process host counts as loopback), so every body is read.
/// </summary>
public sealed class EndpointFuzzTests(ITestOutputHelper output)
{
    private const int DefaultInputs = 10_000;
    internal const int DefaultSeed = 20261208;
    private const long MemoryHeadroomBytes = 512L * 1024 * 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MutatedRequests_AtEveryEndpoint_NeverGet5xx_AndAlwaysGetAnOutcome()
    {
        await using var server = Server(new Dictionary<string, string?> { ["Auth:Enabled"] = "false" });
        await RunAsync(server, Setting("FPA_FUZZ_INPUTS", DefaultInputs), Setting("FPA_FUZZ_SEED", DefaultSeed), authorize: null, output);
    }

    /// <summary>
    /// The server the fuzz runs against: <paramref name="settings"/> plus EHR FHIR servers that are never reached, quiet
    /// logs and no notifications sent.
    /// </summary>
    internal static FhirServerFactory Server(Dictionary<string, string?> settings)
    {
        settings["CdsHooks:FhirServer:AllowHttp"] = "true";
        // The EHR FHIR servers named in fixtures are never queried: only a closed loopback port is allowed.
        settings["CdsHooks:FhirServer:AllowedBaseUrls:0"] = "http://127.0.0.1:9/";
        settings["CdsHooks:FhirServer:TimeoutMilliseconds"] = "200";
        settings["Logging:LogLevel:Default"] = "Warning";
        return new FhirServerFactory(settings, services => services.AddSingleton<IClaimResponseNotifier, NoNotifications>());
    }

    /// <summary>
    /// Sends <paramref name="inputs"/> mutated requests (input n from <paramref name="seed"/> + n alone), each first
    /// given its credentials by <paramref name="authorize"/> when the server checks them, asserts the outcome and
    /// returns how many answers had each status.
    /// </summary>
    internal static async Task<IReadOnlyDictionary<int, int>> RunAsync(FhirServerFactory server, int inputs, int seed, Action<HttpRequestMessage>? authorize, ITestOutputHelper output)
    {
        var client = server.CreateClient();
        var endpoints = ServerEndpoints.Of(server.Services);
        var seeds = FuzzCorpus.Load(server.Services.GetRequiredService<CdsServiceRegistry>().All.Select(s => s.Descriptor.Id));

        // Warm up, then the baseline.
        using (await client.GetAsync("/fhir/metadata", Ct)) { }
        var baseline = Memory();
        var started = Stopwatch.GetTimestamp();
        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var kinds = new ConcurrentDictionary<string, int>();

        await Parallel.ForEachAsync(Enumerable.Range(0, inputs), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = Ct },
            async (i, ct) =>
            {
                var mutator = new JsonMutator(seed + i);
                var (request, description) = Request(mutator, seeds, endpoints);
                authorize?.Invoke(request);
                kinds.AddOrUpdate(description.Split(' ')[0], 1, (_, n) => n + 1);
                using var response = await client.SendAsync(request, ct);
                statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                var problem = await Problem(response, request.RequestUri!.AbsolutePath, ct);
                if (problem is not null && failures.Count < 30)
                    failures.Enqueue($"#{i} {description}: {problem}");
            });

        var elapsed = Stopwatch.GetElapsedTime(started);
        using (var metadata = await client.GetAsync("/fhir/metadata", Ct))
            Assert.Equal(HttpStatusCode.OK, metadata.StatusCode);
        var after = Memory();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{inputs} inputs, {seeds.Count} seeds, {endpoints.Count} endpoints in {elapsed.TotalSeconds:0.0} s; memory {baseline / 1048576} MB -> {after / 1048576} MB"));
        output.WriteLine("statuses: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}x{s.Value}")));

        Assert.True(failures.IsEmpty, string.Join('\n', failures));
        Assert.True(after < baseline + MemoryHeadroomBytes, $"memory {after / 1048576} MB after the run, {baseline / 1048576} MB before");
        return statuses;
    }

    /// <summary>Three in four inputs are a mutated seed at one of its natural endpoints; the rest go to any endpoint the app maps.</summary>
    private static (HttpRequestMessage, string) Request(JsonMutator mutator, IReadOnlyList<FuzzSeed> seeds, IReadOnlyList<ServerEndpoint> endpoints)
    {
        var seed = seeds[mutator.Next(seeds.Count)];
        var body = mutator.Mutate(JsonNode.Parse(seed.Json)!.AsObject());
        string method, path;
        if (mutator.Next(4) > 0)
        {
            path = seed.Targets[mutator.Next(seed.Targets.Count)];
            method = path.StartsWith("/fhir/Subscription/", StringComparison.Ordinal) ? "PUT" : "POST";
        }
        else
        {
            var endpoint = endpoints[mutator.Next(endpoints.Count)];
            method = endpoint.Method;
            string[] values = ["task-1", "Patient", "crd-order-sign", new string('a', 65), "a_b", "..%2F..", "x" + new string('9', 3000), "%00", "ä"];
            path = endpoint.Path(_ => values[mutator.Next(values.Length)]);
        }
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new ByteArrayContent(body.Bytes);
            if (body.ContentType is not null)
                request.Content.Headers.TryAddWithoutValidation("Content-Type", body.ContentType);
        }
        return (request, $"{body.Mutation} of {seed.Name} -> {method} {Shorten(path)}");
    }

    /// <summary>What is wrong with the answer, or null: a 5xx, or a 4xx without an OperationOutcome.</summary>
    private static async Task<string?> Problem(HttpResponseMessage response, string path, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        if (status >= 500)
            return $"{status} {Shorten(await response.Content.ReadAsStringAsync(ct))}";
        // The policy pages and the reviewer's sign-in are for people in a browser; their 4xx is a page.
        if (status < 400 || path.StartsWith("/policies/", StringComparison.Ordinal) || path.StartsWith("/reviewer/", StringComparison.Ordinal))
            return null;
        var text = await response.Content.ReadAsStringAsync(ct);
        // The token endpoints (client credentials; the DTR app's id_token exchange) answer in OAuth's error shape
        // (RFC 6749 section 5.2), as OAuth clients expect.
        if (path is "/auth/token" or "/dtr/session" && text.StartsWith("{\"error\":", StringComparison.Ordinal))
            return null;
        try
        {
            using var outcome = JsonDocument.Parse(text);
            return outcome.RootElement.TryGetProperty("resourceType", out var type) && type.GetString() == "OperationOutcome"
                && outcome.RootElement.GetProperty("issue").GetArrayLength() is > 0 and <= 101
                ? null : $"{status} without an OperationOutcome: {Shorten(text)}";
        }
        catch (JsonException)
        {
            return $"{status} with a body that is not JSON: {Shorten(text)}";
        }
    }

    private static string Shorten(string text) => text.Length <= 160 ? text : text[..160] + "…";

    private static long Memory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    internal static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    /// <summary>No subscriber is told anything: mutated Subscriptions must not make the test send notifications anywhere.</summary>
    private sealed class NoNotifications : IClaimResponseNotifier
    {
        public Task ClaimResponseChangedAsync(IResourceOperations operations, ClaimResponseChange change, CancellationToken cancellationToken) =>
            Task.CompletedTask;
    }
}
