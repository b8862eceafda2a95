using FhirPriorAuth.Server.Tests.Infrastructure;

namespace FhirPriorAuth.Server.Tests;

/// <summary>The built server, launched as an operator would, refusing an unsafe configuration before it listens.</summary>
public sealed class StartupRefusalTests
{
    [Fact]
    public async Task Given_AuthDisabledAndAWildcardUrlsArgument_When_TheServerProcessStarts_Then_ItExitsWithAClearErrorAndNeverListens()
    {
        var exit = await ServerProcess.RunUntilExitAsync(["--urls", "http://0.0.0.0:0", "--Auth:Enabled=false"],
            TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.True(exit is not null, "the server kept running with authentication disabled on a wildcard address");
        Assert.NotEqual(0, exit.ExitCode);
        Assert.Contains("The server refuses to start: Auth:Enabled=false is only allowed when the server listens on loopback addresses", exit.Output, StringComparison.Ordinal);
        Assert.Contains("http://0.0.0.0:0", exit.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", exit.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_AuthEnabledOnAWildcardAddressWithoutATokenEndpoint_When_TheServerProcessStarts_Then_ItExitsAndNeverListens()
    {
        var exit = await ServerProcess.RunUntilExitAsync(["--urls", "http://0.0.0.0:0"], TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.True(exit is not null, "the server kept running on a wildcard address with token audiences left to the Host header");
        Assert.NotEqual(0, exit.ExitCode);
        Assert.Contains("Auth:TokenEndpoint (the token endpoint's public URL, e.g. https://payer.example.org/auth/token) is required", exit.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", exit.Output, StringComparison.Ordinal);
    }
}
