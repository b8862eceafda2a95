using FhirPriorAuth.Testing;

namespace FhirPriorAuth.Browser.Tests;

/// <summary>
/// The web/ npm project, run as child processes: the bundle in web/dist (built, not committed) is what the sources build to, and
/// the form logic's unit tests (node's test runner) pass.
/// </summary>
public sealed class WebProjectTests
{
    private static readonly NodeTool Web = new("web");

    private static void RequireNodeModules() => Web.RequireInstalled();

    private static Task<(int ExitCode, string Output)> Node(params string[] arguments) => Web.RunAsync(arguments);

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
