using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FhirPriorAuth.Server.Tests.Infrastructure;

/// <summary>
/// The real application pipeline in process. Settings are applied as configuration (the same keys an operator
/// sets); <paramref name="services"/> substitutes services. Every log line is kept in <see cref="Logs"/> so tests
/// can check what the server wrote about a request.
/// </summary>
internal sealed class FhirServerFactory(
    IReadOnlyDictionary<string, string?>? settings = null,
    Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    // Each server gets its own storage folder, so parallel tests never share a database and nothing lands in the source tree.
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("fpa-server-tests-").FullName;

    public ConcurrentQueue<string> Logs { get; } = new();

    /// <summary>Authentication off: allowed because the in-process host counts as loopback.</summary>
    public static FhirServerFactory WithAuthDisabled(Action<IServiceCollection>? services = null) =>
        new(new Dictionary<string, string?> { ["Auth:Enabled"] = "false" }, services);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DataDirectory", _dataDirectory);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            builder.UseSetting(key, value);
        builder.ConfigureLogging(logging => logging.AddProvider(new CapturingLoggerProvider(Logs)));
        builder.ConfigureTestServices(s => services?.Invoke(s));
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
            // A file still held open is left for the OS to clean from the temp folder.
        }
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

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " | " + exception)}");
    }
}
