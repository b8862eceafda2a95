using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace FhirPriorAuth.Bench.Throughput;

/// <summary>What one load run measured: answers per second, latency quantiles, and what went wrong.</summary>
internal sealed record LoadResult(long Answers, double Seconds, double P50Ms, double P99Ms, long Non2xx, long Errors, string FirstProblem)
{
    public double PerSecond => Answers / Seconds;
}

/// <summary>
/// A closed-loop load generator (the same model as wrk): each connection sends its next request as soon as the previous
/// answer has been read in full. <paramref name="body"/> is called once per request with a running number, so a
/// request can be new each time (a different identifier) or the same bytes.
/// </summary>
internal static class LoadGenerator
{
    public static LoadResult Run(Uri url, int connections, TimeSpan duration, Func<long, byte[]> body, string contentType)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        long counter = 0, non2xx = 0, errors = 0;
        string? firstProblem = null;
        var media = MediaTypeHeaderValue.Parse(contentType);
        var stopwatch = Stopwatch.StartNew();
        var loops = Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            var latencies = new List<long>(4096);
            while (stopwatch.Elapsed < duration)
            {
                var bytes = body(Interlocked.Increment(ref counter));
                var start = Stopwatch.GetTimestamp();
                try
                {
                    using var content = new ByteArrayContent(bytes);
                    content.Headers.ContentType = media;
                    using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
                    request.Headers.Accept.ParseAdd(contentType);
                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
                    var answer = await response.Content.ReadAsStringAsync();
                    latencies.Add(Stopwatch.GetTimestamp() - start);
                    if ((int)response.StatusCode is < 200 or > 299)
                    {
                        Interlocked.Increment(ref non2xx);
                        Interlocked.CompareExchange(ref firstProblem, $"{(int)response.StatusCode} {Shorten(answer)}", null);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    Interlocked.Increment(ref errors);
                    Interlocked.CompareExchange(ref firstProblem, e.GetType().Name + ": " + e.Message, null);
                }
            }
            return latencies;
        })).ToArray();
        Task.WaitAll(loops);
        var elapsed = stopwatch.Elapsed.TotalSeconds;
        var all = loops.SelectMany(l => l.Result).ToArray();
        Array.Sort(all);
        return new LoadResult(all.LongLength - non2xx, elapsed, Quantile(all, 0.50), Quantile(all, 0.99), non2xx, errors, firstProblem ?? "");
    }

    private static double Quantile(long[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * q))] * 1000.0 / Stopwatch.Frequency;

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200];
}
