using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FhirPriorAuth.Browser.Tests.Infrastructure;

/// <summary>
/// The real payer server on Kestrel at 127.0.0.1 (a secure context for PKCE in the browser), on a port chosen up front
/// so its own address can be configured (the CRD card's DTR launch URL).
/// </summary>
public sealed class PayerServer : WebApplicationFactory<Program>
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("fpa-browser-tests-").FullName;
    private readonly Dictionary<string, string?> _settings;

    public string BaseUrl { get; }

    /// <summary>Every line the server logged (category: message).</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    private readonly TimeProvider? _clock;

    public PayerServer(IReadOnlyDictionary<string, string?> settings, TimeProvider? clock = null)
    {
        _clock = clock;
        BaseUrl = $"http://127.0.0.1:{FreePort()}";
        _settings = new Dictionary<string, string?>(settings)
        {
            ["urls"] = BaseUrl,
            ["Storage:DataDirectory"] = _dataDirectory,
            ["Crd:DtrLaunchUrl"] = BaseUrl + "/dtr/launch",
        };
        UseKestrel();
        StartServer();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.ClearProviders().AddProvider(new CapturingLoggerProvider(Logs)));
        if (_clock is { } clock)
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> sink) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, sink);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Enqueue($"{category}: {formatter(state, exception)}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean from the temp folder.
        }
    }
}
