using FhirPriorAuth.Server.Tests.Infrastructure;

namespace FhirPriorAuth.Server.Tests;

public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("Server:MaxJsonDepth", "0")]
    [InlineData("Server:MaxJsonDepth", "5000")]
    [InlineData("Server:MaxRequestBodyBytes", "0")]
    [InlineData("Server:MaxRequestBodyBytes", "-1")]
    public void Given_AnOutOfRangeLimit_When_Checked_Then_ItIsRefusedNamingTheSetting(string key, string value)
    {
        var refusal = StartupChecks.Refusal(new Dictionary<string, string?> { [key] = value });

        Assert.NotNull(refusal);
        Assert.Contains(key.Split(':')[1], refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_TheDefaults_When_Checked_Then_Accepted() =>
        Assert.Null(StartupChecks.Refusal(new Dictionary<string, string?>()));

    [Fact]
    public void Given_TheShippedAppSettings_When_Read_Then_TheyHoldTheDocumentedDefaults()
    {
        var path = Path.Combine(FhirPriorAuth.Testing.SharedData.RepoRoot, "src", "FhirPriorAuth.Server", "appsettings.json");
        var settings = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path)).RootElement;

        Assert.True(settings.GetProperty("Auth").GetProperty("Enabled").GetBoolean());
        Assert.Equal(10 * 1024 * 1024, settings.GetProperty("Server").GetProperty("MaxRequestBodyBytes").GetInt64());
        Assert.Equal(128, settings.GetProperty("Server").GetProperty("MaxJsonDepth").GetInt32());
        // Framework request logs would print full paths and query strings, which can hold patient identifiers.
        Assert.Equal("Warning", settings.GetProperty("Logging").GetProperty("LogLevel").GetProperty("Microsoft.AspNetCore").GetString());
    }
}
