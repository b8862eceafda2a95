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
    private static readonly NodeTool Tool = new("tools", "FhirPriorAuth.CqlGen");
    private static readonly string ToolDir = Tool.Directory;

    private static void RequireNodeModules() => Tool.RequireInstalled();

    private static Task<(int ExitCode, string Output)> Node(string script, params string[] arguments) =>
        Tool.RunAsync([Path.Combine(ToolDir, script), .. arguments], SharedData.RepoRoot);

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
