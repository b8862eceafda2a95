using System.Diagnostics;

namespace FhirPriorAuth.Testing;

/// <summary>
/// An npm project of the repository (a generator under tools/, the browser apps in web/) run as a child process by the
/// tests. Without its node_modules a test skips locally and fails in CI, where <c>.ci/run</c> has installed them.
/// </summary>
public sealed class NodeTool(params string[] pathFromRepoRoot)
{
    public string Directory { get; } = Path.Combine([SharedData.RepoRoot, .. pathFromRepoRoot]);

    private string Name => string.Join('/', pathFromRepoRoot);

    public void RequireInstalled()
    {
        if (System.IO.Directory.Exists(Path.Combine(Directory, "node_modules"))) return;
        Assert.False(Environment.GetEnvironmentVariable("CI") == "true", $"{Name}/node_modules is missing in CI: run npm ci --prefix {Name}");
        Assert.Skip($"the {Name} packages are not installed: run npm ci --prefix {Name}");
    }

    /// <summary>Runs <c>node</c> with the arguments in <paramref name="workingDirectory"/> (default: the tool's folder).</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(string[] arguments, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = workingDirectory ?? Directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var ct = TestContext.Current.CancellationToken;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, await stdout + await stderr);
    }
}
