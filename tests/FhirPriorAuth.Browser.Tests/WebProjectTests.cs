using System.Diagnostics;
using FhirPriorAuth.Testing;

namespace FhirPriorAuth.Browser.Tests;

/// <summary>
/// The web/ npm project, run as child processes: the bundle in web/dist (built, not committed) is what the sources build to, and
/// the form logic's unit tests (node's test runner) pass.
/// </summary>
public sealed class WebProjectTests
{
    private static readonly string WebDir = Path.Combine(SharedData.RepoRoot, "web");

    private static void RequireNodeModules()
    {
        if (Directory.Exists(Path.Combine(WebDir, "node_modules"))) return;
        Assert.False(Environment.GetEnvironmentVariable("CI") == "true", "web/node_modules is missing in CI: run npm ci --prefix web");
        Assert.Skip("the web project's packages are not installed: run npm ci --prefix web");
    }

    private static async Task<(int ExitCode, string Output)> Node(params string[] arguments)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = WebDir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var ct = TestContext.Current.CancellationToken;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, await stdout + await stderr);
    }

    [Fact]
    public async Task Given_TheBuiltBundle_When_TheAppsAreBuiltAgain_Then_NothingIsStale()
    {
        RequireNodeModules();

        var (exitCode, output) = await Node("build.mjs", "--check");

        Assert.True(exitCode == 0, output);
        Assert.Contains("web/dist is current", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_TheFormLogic_When_ItsUnitTestsRun_Then_AllPass()
    {
        RequireNodeModules();

        var (exitCode, output) = await Node("--test", "test/");

        Assert.True(exitCode == 0, output);
        Assert.Matches(@"# pass [1-9]\d*", output);
        Assert.Contains("# fail 0", output, StringComparison.Ordinal);
    }
}
