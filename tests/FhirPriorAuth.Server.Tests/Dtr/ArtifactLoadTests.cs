using System.Diagnostics;
using FhirPriorAuth.Policies.Artifacts;
using FhirPriorAuth.Server.Dtr;
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
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "FhirPriorAuth.Server.dll", "--urls", "http://127.0.0.1:0", $"--Dtr:QuestionnairesRoot={Broken}" })
            start.ArgumentList.Add(arg);
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_URLS" })
            start.Environment.Remove(inherited);
        var dataDirectory = Directory.CreateTempSubdirectory("fpa-dtr-refusal-").FullName;
        start.Environment["Storage__DataDirectory"] = dataDirectory;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the server kept running with broken policy artifacts");
        }

        var output = await stdout + await stderr;
        Directory.Delete(dataDirectory, recursive: true);
        Assert.Equal(1, process.ExitCode);
        Assert.Contains("The server refuses to start:", output, StringComparison.Ordinal);
        Assert.Contains("Questionnaire-broken.json", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", output, StringComparison.Ordinal);
    }
}
