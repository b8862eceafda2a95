using System.Diagnostics;
using System.Text.Json.Nodes;
using FhirPriorAuth.Testing;
using static FhirPriorAuth.Policies.Tests.Dtr.DtrArtifacts;

namespace FhirPriorAuth.Policies.Tests.Dtr;

/// <summary>
/// The CQL toolchain in tools/FhirPriorAuth.CqlGen, run as child processes: the committed Libraries match their CQL,
/// and their ELM computes the expected pre-population answers for the synthetic patients.
/// </summary>
public sealed class CqlTests
{
    private static readonly string ToolDir = Path.Combine(SharedData.RepoRoot, "tools", "FhirPriorAuth.CqlGen");

    private static void RequireNodeModules()
    {
        if (Directory.Exists(Path.Combine(ToolDir, "node_modules"))) return;
        // CI must have run npm ci; locally the check is optional.
        Assert.False(Environment.GetEnvironmentVariable("CI") == "true",
            "tools/FhirPriorAuth.CqlGen/node_modules is missing in CI: run npm ci --prefix tools/FhirPriorAuth.CqlGen");
        Assert.Skip("the CQL tools are not installed: run npm ci --prefix tools/FhirPriorAuth.CqlGen");
    }

    private static async Task<(int ExitCode, string Output)> Node(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = SharedData.RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(ToolDir, script));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var ct = TestContext.Current.CancellationToken;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, await stdout + await stderr);
    }

    [Fact]
    public async Task Given_TheCommittedLibraries_When_TheCqlIsTranslatedAgain_Then_NoneIsStale()
    {
        RequireNodeModules();

        var (exitCode, output) = await Node("generate.mjs", "--check");

        Assert.True(exitCode == 0, output);
        Assert.Contains("Library-prior-auth-evidence.json is current", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_TheSyntheticPatients_When_TheLibrariesRun_Then_EveryExpectedAnswerIsComputed()
    {
        RequireNodeModules();

        var (exitCode, output) = await Node("run-cql-tests.mjs");

        Assert.True(exitCode == 0, output);
        Assert.Matches(@"\b[1-9]\d* passed, 0 failed", output);
    }

    [Fact]
    public void Given_EveryDefineAQuestionnairePrePopulatesFrom_Then_ACqlExpectationChecksItsResult()
    {
        var expectations = JsonNode.Parse(File.ReadAllText(Path.Combine(SharedData.RepoRoot, "tests", "FhirPriorAuth.Policies.Tests", "Dtr", "cql-expectations.json")))!;
        var checkedDefines = expectations["cases"]!.AsArray()
            .SelectMany(c => c!["expect"]!.AsObject().Select(e => $"\"{c["library"]}\".{e.Key}"))
            .ToHashSet(StringComparer.Ordinal);
        var populating = Questionnaires().SelectMany(AllItems).SelectMany(i => Extensions(i, InitialExpression))
            .Select(e => (string)e["valueExpression"]!["expression"]!).Distinct().ToList();

        Assert.NotEmpty(populating);
        Missing.None(populating.Where(p => !checkedDefines.Contains(p)));
    }
}
