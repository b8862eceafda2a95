using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.FhirApi;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.CdsHooks.Prefetch;

/// <summary>What one query to the client's FHIR server gave.</summary>
/// <param name="Value">The resource or searchset Bundle; null when the server had nothing (404 on a read).</param>
/// <param name="Obtained">False when the query failed (unreachable, refused, timed out, unreadable answer).</param>
public sealed record FetchResult(JsonObject? Value, bool Obtained)
{
    public static FetchResult Failed { get; } = new(null, false);
}

/// <summary>
/// Runs the prefetch queries a client did not satisfy against its <c>fhirServer</c>, with its bearer token (CDS Hooks
/// "FHIR Resource Access"). All queries of one call share one time budget and run a few at a time; a failed query is
/// not retried, since the EHR is waiting. The token goes only into the Authorization header of these requests.
/// </summary>
public sealed partial class FhirServerFetcher(IHttpClientFactory clients, IOptions<CdsHooksOptions> options,
    IOptions<ServerLimits> limits, ILogger<FhirServerFetcher> logger)
{
    public const string HttpClientName = "CdsHooks.FhirServer";

    /// <summary>Runs each (key, relative query) and returns a result per key.</summary>
    public async Task<IReadOnlyDictionary<string, FetchResult>> FetchAsync(FhirServerAccess server,
        IReadOnlyList<KeyValuePair<string, string>> queries, CancellationToken cancellationToken)
    {
        var results = new Dictionary<string, FetchResult>(StringComparer.Ordinal);
        if (queries.Count == 0)
            return results;
        var settings = options.Value.FhirServer;
        if (!settings.Permits(server.BaseUrl))
        {
            LogServerRefused(logger);
            foreach (var (key, _) in queries) results[key] = FetchResult.Failed;
            return results;
        }

        var started = Stopwatch.GetTimestamp();
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(settings.TimeoutMilliseconds);
        using var gate = new SemaphoreSlim(settings.MaxParallelRequests);
        var client = clients.CreateClient(HttpClientName);
        var tasks = queries.Select(async q =>
        {
            try
            {
                await gate.WaitAsync(budget.Token);
            }
            catch (OperationCanceledException)
            {
                return (q.Key, Result: FetchResult.Failed);
            }
            try
            {
                return (q.Key, Result: await GetAsync(client, server, q.Key, q.Value, budget.Token));
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        foreach (var (key, result) in await Task.WhenAll(tasks))
            results[key] = result;
        cancellationToken.ThrowIfCancellationRequested();
        LogFetched(logger, queries.Count, results.Values.Count(r => !r.Obtained), Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return results;
    }

    private async Task<FetchResult> GetAsync(HttpClient client, FhirServerAccess server, string key, string query, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseUrl.AbsoluteUri + query));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json", 0.9));
        if (server.AccessToken is { } token)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone && !PrefetchTemplate.IsSearch(query))
                return new FetchResult(null, true);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                LogQueryFailed(logger, key, (int)response.StatusCode);
                return FetchResult.Failed;
            }
            var body = await ReadLimitedAsync(response.Content, options.Value.FhirServer.MaxResponseBytes, ct);
            if (body is null || Parse(body.Value) is not { } resource)
            {
                LogQueryFailed(logger, key, (int)response.StatusCode);
                return FetchResult.Failed;
            }
            var type = CdsRequestEnvelope.String(resource["resourceType"]);
            var expectedBundle = PrefetchTemplate.IsSearch(query);
            if (type is null or "OperationOutcome" || expectedBundle != (type == "Bundle"))
            {
                LogQueryFailed(logger, key, (int)response.StatusCode);
                return FetchResult.Failed;
            }
            return new FetchResult(resource, true);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            LogQueryUnanswered(logger, key, e.GetType().Name);
            return FetchResult.Failed;
        }
    }

    /// <summary>The EHR's answer through the same strict reader as a client's body; anything it refuses is a failed query.</summary>
    private JsonObject? Parse(ReadOnlyMemory<byte> body)
    {
        var parsed = FhirPriorAuth.Fhir.Serialization.StrictJson.Parse(body.Span, limits.Value.MaxJsonDepth);
        if (parsed.Root is not JsonObject resource)
            return null;
        // A Bundle whose entries are not objects would reach handlers in a shape they do not expect.
        return resource["entry"] is { } entry && (entry is not JsonArray entries
            || entries.Any(e => e is not JsonObject o || (o["resource"] is { } r && r is not JsonObject))) ? null : resource;
    }

    private static async Task<ReadOnlyMemory<byte>?> ReadLimitedAsync(HttpContent content, int max, CancellationToken ct)
    {
        if (content.Headers.ContentLength > max)
            return null;
        await using var stream = await content.ReadAsStreamAsync(ct);
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (true)
        {
            var read = await stream.ReadAsync(buffer.GetMemory(16 * 1024), ct);
            if (read == 0)
                return buffer.WrittenMemory;
            buffer.Advance(read);
            if (buffer.WrittenCount > max)
                return null;
        }
    }

    // Only our own prefetch key names and status codes: the URLs carry patient ids.
    [LoggerMessage(Level = LogLevel.Information, Message = "Prefetch fallback: {Queries} queries to the client's FHIR server, {Failed} failed, in {ElapsedMs:0.0} ms")]
    private static partial void LogFetched(ILogger logger, int queries, int failed, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Prefetch fallback: query for key {Key} answered {StatusCode} or an unusable body")]
    private static partial void LogQueryFailed(ILogger logger, string key, int statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Prefetch fallback: query for key {Key} got no answer ({Failure})")]
    private static partial void LogQueryUnanswered(ILogger logger, string key, string failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Prefetch fallback: the client's fhirServer is not allowed (plain http, see CdsHooks:FhirServer:AllowHttp, or not in CdsHooks:FhirServer:AllowedBaseUrls); nothing fetched")]
    private static partial void LogServerRefused(ILogger logger);
}
