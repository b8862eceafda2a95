using FhirPriorAuth.Policies.Artifacts;
using FhirPriorAuth.Server.Dtr;
using FhirPriorAuth.Server.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using static FhirPriorAuth.Server.Tests.Dtr.DtrTestServer;

namespace FhirPriorAuth.Server.Tests.Dtr;

/// <summary>A policy artifact that does not load stops the server: serving part of a payer's policies would give wrong answers.</summary>
public sealed class ArtifactLoadTests
{
    private static string Broken => Path.Combine(ArtifactsRoot, "broken");

    [Fact]
    public void Given_TheTestArtifacts_When_Loaded_Then_TheyLoadWithoutProblemsAndResolveByCanonical()
    {
        var loaded = new CatalogConformanceResources(PolicyCatalog.Load(Path.Combine(ArtifactsRoot, "questionnaires"), Path.Combine(ArtifactsRoot, "package")));

        Assert.Empty(loaded.Problems);
        Assert.Equal("TestHelpers", loaded.ByCanonical("http://fhirpriorauth.example.org/fhir/Library/TestHelpers|1.0.0")?.Id);
        Assert.Equal("TestHelpers", loaded.ByCanonical("http://fhirpriorauth.example.org/fhir/Library/TestHelpers")?.Id);
        Assert.Null(loaded.ByCanonical("http://fhirpriorauth.example.org/fhir/Library/TestHelpers|2.0.0"));
        Assert.Single(loaded.OfType("Library"), l => l.Id == "TestHelpers");
        Assert.Equal(3, loaded.OfType("Questionnaire").Count);
    }

    [Fact]
    public void Given_BrokenArtifacts_When_Loaded_Then_EachProblemNamesItsFile()
    {
        var loaded = new CatalogConformanceResources(PolicyCatalog.Load(Broken, Path.Combine(ArtifactsRoot, "package")));

        Assert.Contains(loaded.Problems, p => p.StartsWith("Questionnaire-broken.json:", StringComparison.Ordinal));
        Assert.Contains(loaded.Problems, p => p.StartsWith("Library-no-url.json:", StringComparison.Ordinal));
    }

    [Fact]
    public void Given_BrokenArtifacts_When_StartUpChecksRun_Then_TheyRefuseWithTheProblems()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dtr:QuestionnairesRoot"] = Broken,
        }).Build());
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = AppContext.BaseDirectory });
        services.AddLogging();
        services.AddDtr();
        using var provider = services.BuildServiceProvider();

        var refusal = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DtrOptions>>().Value);
        Assert.Contains("policy artifact problem", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("Questionnaire-broken.json", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_BrokenArtifacts_When_TheServerProcessStarts_Then_ItExitsWithAClearErrorAndNeverListens()
    {
        var exit = await ServerProcess.RunUntilExitAsync(["--urls", "http://127.0.0.1:0", $"--Dtr:QuestionnairesRoot={Broken}"],
            TimeSpan.FromSeconds(60), Ct);

        Assert.True(exit is not null, "the server kept running with broken policy artifacts");
        Assert.Equal(1, exit.ExitCode);
        Assert.Contains("The server refuses to start:", exit.Output, StringComparison.Ordinal);
        Assert.Contains("Questionnaire-broken.json", exit.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", exit.Output, StringComparison.Ordinal);
    }
}
