using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace FhirPriorAuth.Server.Tests.Infrastructure;

/// <summary>
/// The built server as a separate OS process (<c>dotnet FhirPriorAuth.Server.dll</c>) on a loopback port, with the
/// settings given as environment variables, driven over real HTTP. <see cref="KillAndRestartAsync"/> ends it with
/// SIGKILL — no shutdown, no flush, no finally block runs — and starts a new process on the same settings and port
/// (the port is part of the audiences tokens name), so the same database: what an OOM kill or a crash leaves behind.
/// Every request gets the credentials <c>credentials</c> gives for it (request, server base URL → bearer value).
/// </summary>
internal sealed partial class KillableServer : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(90);

    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly Func<HttpRequestMessage, string, string?>? _credentials;
    private readonly Queue<string> _recentOutput = new();
    private readonly int _port = FreeLoopbackPort();
    private Process? _process;

    private KillableServer(IReadOnlyDictionary<string, string> settings, Func<HttpRequestMessage, string, string?>? credentials)
    {
        _settings = settings;
        _credentials = credentials;
    }

    /// <summary>The server's base URL, the same across restarts.</summary>
    public string BaseUrl => $"http://127.0.0.1:{_port}";

    /// <summary>A client for the running process (a new one after each restart; the address changes with it).</summary>
    public HttpClient Http { get; private set; } = new();

    /// <summary>Starts the server with <paramref name="settings"/> (configuration keys such as <c>Storage:Provider</c>).</summary>
    public static async Task<KillableServer> StartAsync(IReadOnlyDictionary<string, string> settings,
        Func<HttpRequestMessage, string, string?>? credentials = null)
    {
        var server = new KillableServer(settings, credentials);
        await server.StartProcessAsync();
        return server;
    }

    /// <summary>SIGKILL, wait until the process is gone, then a new process on the same settings.</summary>
    public async Task KillAndRestartAsync()
    {
        await KillAsync();
        await StartProcessAsync();
    }

    private async Task KillAsync()
    {
        Http.Dispose();
        if (_process is null)
            return;
        // Process.Kill is SIGKILL on Unix (TerminateProcess on Windows): the server gets no chance to react.
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync(CancellationToken.None);
        _process.Dispose();
        _process = null;
    }

    private async Task StartProcessAsync()
    {
        // The killed process's port is free at once (the kernel closes its sockets), but allow for a slow release.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartOnceAsync();
                return;
            }
            catch (Xunit.Sdk.XunitException) when (attempt < 3 && RecentOutput().Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await Task.Delay(500, TestContext.Current.CancellationToken);
            }
        }
    }

    private async Task StartOnceAsync()
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("FhirPriorAuth.Server.dll");
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseUrl);
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS" })
            start.Environment.Remove(inherited);
        foreach (var (key, value) in _settings)
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Record(e.Data, listening);
        process.ErrorDataReceived += (_, e) => Record(e.Data, listening);
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("the server process exited before it listened"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        try
        {
            await listening.Task.WaitAsync(StartLimit, TestContext.Current.CancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            throw new Xunit.Sdk.XunitException($"The server process did not start ({e.Message}). Its last output:\n{RecentOutput()}");
        }
        Http = new HttpClient(new Credentials(this)) { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private sealed class Credentials(KillableServer server) : DelegatingHandler(new HttpClientHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Headers.Authorization is null && server._credentials?.Invoke(request, server.BaseUrl) is { } bearer)
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            return base.SendAsync(request, cancellationToken);
        }
    }

    private void Record(string? line, TaskCompletionSource<string> listening)
    {
        if (line is null)
            return;
        lock (_recentOutput)
        {
            _recentOutput.Enqueue(line);
            if (_recentOutput.Count > 200)
                _recentOutput.Dequeue();
        }
        if (ListeningLine().Match(line) is { Success: true } match)
            listening.TrySetResult(match.Groups[1].Value);
    }

    /// <summary>The process's last lines of output, for a failure message.</summary>
    public string RecentOutput()
    {
        lock (_recentOutput)
            return string.Join('\n', _recentOutput);
    }

    public async ValueTask DisposeAsync() => await KillAsync();

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
