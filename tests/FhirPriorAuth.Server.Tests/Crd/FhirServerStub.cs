using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FhirPriorAuth.Server.Tests.Crd;

/// <summary>
/// An EHR's FHIR server on a real loopback listener: a read <c>GET /{type}/{id}</c> answers a resource of that type and
/// id (or 404 for ids starting with <c>missing</c>), a search <c>GET /{type}?…</c> a searchset Bundle with one such
/// resource. Every request is recorded with its Authorization header. <see cref="Status"/> makes it refuse everything.
/// </summary>
internal sealed class FhirServerStub : IAsyncDisposable
{
    private readonly WebApplication _app;

    public sealed record Seen(string PathAndQuery, string? Authorization);

    public ConcurrentQueue<Seen> Requests { get; } = new();

    /// <summary>When set, every request is answered with this status and an OperationOutcome.</summary>
    public int? Status { get; set; }

    /// <summary>When set, every answer waits this long first.</summary>
    public TimeSpan? Delay { get; set; }

    /// <summary>
    /// When set, answers every request instead of the generic resources: given the path and query under the base
    /// (<c>Patient/pat-1</c>, <c>Coverage?patient=…</c>), the resource or Bundle to return, or null for a 404.
    /// </summary>
    public Func<string, JsonObject?>? Ehr { get; set; }

    public string BaseUrl { get; }

    private FhirServerStub(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public static async Task<FhirServerStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FhirServerStub? stub = null;
        app.Run(async context =>
        {
            stub!.Requests.Enqueue(new Seen(context.Request.Path + context.Request.QueryString, context.Request.Headers.Authorization.FirstOrDefault()));
            if (stub.Delay is { } delay)
                await Task.Delay(delay, context.RequestAborted);
            var (status, body) = stub.Answer(context.Request);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/fhir+json";
            await context.Response.WriteAsync(body.ToJsonString());
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub = new FhirServerStub(app, address.TrimEnd('/') + "/fhir");
        return stub;
    }

    private (int Status, JsonObject Body) Answer(HttpRequest request)
    {
        if (Status is { } refused)
            return (refused, Outcome("refused"));
        var parts = request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts is not ["fhir", var type, ..])
            return (404, Outcome("unknown path"));
        if (Ehr is { } ehr)
            return ehr(string.Join('/', parts.Skip(1)) + request.QueryString.Value) is { } found ? (200, found) : (404, Outcome("not found"));
        if (parts.Length == 3)
            return parts[2].StartsWith("missing", StringComparison.Ordinal) ? (404, Outcome("not found")) : (200, Resource(type, parts[2]));
        return (200, new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["type"] = "searchset",
            ["total"] = 1,
            ["entry"] = new JsonArray(new JsonObject { ["resource"] = Resource(type, "found-" + type.ToLowerInvariant()) }),
        });
    }

    private static JsonObject Resource(string type, string id) => type switch
    {
        "Coverage" => new JsonObject
        {
            ["resourceType"] = type, ["id"] = id, ["status"] = "active",
            ["beneficiary"] = new JsonObject { ["reference"] = "Patient/example" },
            ["payor"] = new JsonArray(new JsonObject { ["reference"] = "Organization/payer" }),
        },
        _ => new JsonObject { ["resourceType"] = type, ["id"] = id },
    };

    private static JsonObject Outcome(string text) => new()
    {
        ["resourceType"] = "OperationOutcome",
        ["issue"] = new JsonArray(new JsonObject { ["severity"] = "error", ["code"] = "processing", ["diagnostics"] = text }),
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
