using System.Diagnostics;

namespace FhirPriorAuth.Server.Tests;

/// <summary>The built server, launched as an operator would, refusing an unsafe configuration before it listens.</summary>
public sealed class StartupRefusalTests
{
    [Fact]
    public async Task Given_AuthDisabledAndAWildcardUrlsArgument_When_TheServerProcessStarts_Then_ItExitsWithAClearErrorAndNeverListens()
    {
        var ct = TestContext.Current.CancellationToken;
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "FhirPriorAuth.Server.dll", "--urls", "http://0.0.0.0:0", "--Auth:Enabled=false" })
            start.ArgumentList.Add(arg);
        // Addresses from the test runner's own environment must not decide the outcome.
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS" })
            start.Environment.Remove(inherited);
        var dataDirectory = Directory.CreateTempSubdirectory("fpa-refusal-").FullName;
        start.Environment["Storage__DataDirectory"] = dataDirectory;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the server kept running with authentication disabled on a wildcard address");
        }

        var output = await stdout + await stderr;
        Directory.Delete(dataDirectory, recursive: true);
        Assert.NotEqual(0, process.ExitCode);
        Assert.Contains("The server refuses to start: Auth:Enabled=false is only allowed when the server listens on loopback addresses", output, StringComparison.Ordinal);
        Assert.Contains("http://0.0.0.0:0", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", output, StringComparison.Ordinal);
    }
}
