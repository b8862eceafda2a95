using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FhirPriorAuth.Server.Tests.Subscriptions;

/// <summary>One notification as the subscriber's endpoint received it.</summary>
internal sealed record ReceivedNotification(string? ContentType, IReadOnlyDictionary<string, string> Headers, JsonObject Bundle)
{
    public JsonObject Status => Bundle["entry"]![0]!["resource"]!.AsObject();

    public string Type => Parameter("type")!;

    public string? Parameter(string name) =>
        Status["parameter"]!.AsArray().OfType<JsonObject>().FirstOrDefault(p => (string?)p["name"] == name) is { } p
            ? (string?)(p["valueCode"] ?? p["valueString"] ?? p["valueCanonical"] ?? p["valueReference"]?["reference"])
            : null;

    public JsonObject? Event => Status["parameter"]!.AsArray().OfType<JsonObject>().FirstOrDefault(p => (string?)p["name"] == "notification-event");

    public string? EventPart(string name) =>
        Event?["part"]!.AsArray().OfType<JsonObject>().FirstOrDefault(p => (string?)p["name"] == name) is { } p
            ? (string?)(p["valueString"] ?? p["valueInstant"] ?? p["valueReference"]?["reference"])
            : null;
}

/// <summary>
/// A subscriber's rest-hook endpoint on a real socket (Kestrel, 127.0.0.1, a free port). It records every POST and
/// answers with the queued status codes, then 200 (or 503 while <see cref="Down"/>).
/// </summary>
internal sealed class NotificationListener : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<ReceivedNotification> _received = Channel.CreateUnbounded<ReceivedNotification>();
    private readonly ConcurrentQueue<int> _answers = new();

    private NotificationListener(WebApplication app) => _app = app;

    public bool Down { get; set; }

    public string Endpoint { get; private set; } = "";

    public static async Task<NotificationListener> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var listener = new NotificationListener(app);
        app.MapPost("/hook", listener.ReceiveAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        listener.Endpoint = app.Urls.Single() + "/hook";
        return listener;
    }

    /// <summary>The next answers, in order (e.g. 500, 500: fail twice, then succeed).</summary>
    public void AnswerNext(params int[] statusCodes)
    {
        foreach (var code in statusCodes)
            _answers.Enqueue(code);
    }

    /// <summary>The next notification received, waiting up to 30 s (a bound against hanging, not a timing check).</summary>
    public async Task<ReceivedNotification> NextAsync()
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            return await _received.Reader.ReadAsync(bound.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new Xunit.Sdk.XunitException("No notification arrived within 30 s");
        }
    }

    /// <summary>The next notification of the given type, skipping others (e.g. the handshake).</summary>
    public async Task<ReceivedNotification> NextOfTypeAsync(string type)
    {
        while (true)
        {
            var next = await NextAsync();
            if (next.Type == type)
                return next;
        }
    }

    /// <summary>Forgets what was received so far.</summary>
    public void Drain()
    {
        while (_received.Reader.TryRead(out _))
        {
        }
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        var body = await new StreamReader(request.Body).ReadToEndAsync();
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        await _received.Writer.WriteAsync(new ReceivedNotification(request.ContentType, headers, JsonNode.Parse(body)!.AsObject()));
        if (Down)
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        return Results.StatusCode(_answers.TryDequeue(out var code) ? code : StatusCodes.Status200OK);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
