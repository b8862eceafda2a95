using System.Collections.Concurrent;
using System.Net;
using FhirPriorAuth.Server.Auth;
using FhirPriorAuth.Server.CdsHooks.Security;
using FhirPriorAuth.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FhirPriorAuth.Server.Tests.CdsHooks.Security;

/// <summary>
/// The real server with auth on, the test EHR trusted, and a test-only CDS service endpoint
/// (<c>POST /cds-services/test-service</c>, answering 200 <c>{"cards":[],"caller":iss}</c>) behind <see cref="CdsClientAuthentication"/>.
/// Key URLs are answered by <see cref="Jwks"/> instead of the network, and the clock is <see cref="Time"/>.
/// </summary>
internal sealed class CdsSecurityHost : IAsyncDisposable
{
    public const string ServicePath = "/cds-services/test-service";

    private CdsSecurityHost(FhirServerFactory server, StubJwksHandler jwks, MovableTime time)
    {
        Server = server;
        Jwks = jwks;
        Time = time;
        Http = server.CreateClient();
    }

    public FhirServerFactory Server { get; }

    public StubJwksHandler Jwks { get; }

    public MovableTime Time { get; }

    public HttpClient Http { get; }

    /// <summary>The EHR trusted with inline keys, unless <paramref name="settings"/> say otherwise (null removes a key).</summary>
    public static CdsSecurityHost Start(TestEhr ehr, Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Auth:Enabled"] = "true",
            ["CdsHooks:TrustedClients:0:Issuer"] = TestEhr.Issuer,
            ["CdsHooks:TrustedClients:0:Jwks"] = ehr.Jwks,
        };
        foreach (var (key, value) in settings ?? [])
            all[key] = value;
        var jwks = new StubJwksHandler();
        var time = new MovableTime();
        var server = new FhirServerFactory(all, services =>
        {
            services.AddSingleton<IStartupFilter, TestServiceEndpoint>();
            services.AddSingleton<TimeProvider>(time);
            services.AddHttpClient(JwksCache.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => jwks);
        });
        return new CdsSecurityHost(server, jwks, time);
    }

    public Task<HttpResponseMessage> Call(string? token, string path = ServicePath)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        if (token is not null)
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async Task<HttpResponseMessage> Accepted(string token)
    {
        var response = await Call(token);
        Assert.True(response.StatusCode == HttpStatusCode.OK,
            $"the call was refused ({(int)response.StatusCode}); server log:\n{string.Join("\n", Server.Logs.Where(l => l.Contains("CDS", StringComparison.Ordinal)))}");
        return response;
    }

    /// <summary>Asserts the bare refusal (401, WWW-Authenticate: Bearer, no body) and returns the logged reason.</summary>
    public async Task<string> Refused(string? token, string path = ServicePath)
    {
        var response = await Call(token, path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).ToString());
        Assert.Equal("", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        if (token is { Length: > 0 })
            Assert.DoesNotContain(Server.Logs, l => l.Contains(token, StringComparison.Ordinal));
        return Assert.Single(Server.Logs, l => l.Contains("Refused a CDS service call", StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }

    /// <summary>Maps the test-only service ahead of the application's own pipeline.</summary>
    private sealed class TestServiceEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseRouting();
            app.UseEndpoints(endpoints => endpoints
                .MapPost(ServicePath, (HttpContext http) =>
                    Results.Json(new { cards = Array.Empty<object>(), caller = CdsClientAuthentication.CallingClient(http) }))
                .AddEndpointFilter<CdsClientAuthentication>());
            next(app);
        };
    }
}

/// <summary>Serves JWK Sets for fixed URLs and counts every request, so tests can see what the server fetched.</summary>
internal sealed class StubJwksHandler : HttpMessageHandler
{
    public ConcurrentDictionary<string, string> Sets { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Requested { get; } = new();

    public int Fetches(string url) => Requested.Count(r => r == url);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = request.RequestUri!.ToString();
        Requested.Enqueue(url);
        return Task.FromResult(Sets.TryGetValue(url, out var json)
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") }
            : new HttpResponseMessage(HttpStatusCode.NotFound));
    }
}

/// <summary>A clock that starts at the real time and moves only when a test says so.</summary>
internal sealed class MovableTime : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
