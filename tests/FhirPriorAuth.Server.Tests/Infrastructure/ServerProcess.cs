using System.Diagnostics;

namespace FhirPriorAuth.Server.Tests.Infrastructure;

/// <summary>The built server launched as an operator would (<c>dotnet FhirPriorAuth.Server.dll …</c>), for start-up behaviour.</summary>
public static class ServerProcess
{
    /// <summary>What a server process did before it exited.</summary>
    public sealed record Exit(int ExitCode, string Output);

    /// <summary>
    /// Starts the server with <paramref name="arguments"/> and its own empty data folder, and waits for it to exit.
    /// Returns null when it was still running after <paramref name="timeout"/> (it is then killed).
    /// </summary>
    public static async Task<Exit?> RunUntilExitAsync(IEnumerable<string> arguments, TimeSpan timeout, CancellationToken ct)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("FhirPriorAuth.Server.dll");
        foreach (var arg in arguments)
            start.ArgumentList.Add(arg);
        // Addresses from the test runner's own environment must not decide the outcome.
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS" })
            start.Environment.Remove(inherited);
        var dataDirectory = Directory.CreateTempSubdirectory("fpa-process-").FullName;
        start.Environment["Storage__DataDirectory"] = dataDirectory;
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                return null;
            }
            return new Exit(process.ExitCode, await stdout + await stderr);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
