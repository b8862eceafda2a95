using Microsoft.Playwright;

namespace FhirPriorAuth.Browser.Tests.Infrastructure;

/// <summary>
/// The system Chromium driven by Playwright (no browser download). Missing Chromium skips the browser tests locally
/// and fails them in CI (<c>CI=true</c>), where <c>.ci/run</c> installs it.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser? Browser { get; private set; }

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
            return;
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
    }

    /// <summary>The browser, or a skip (locally) / failure (CI) saying Chromium is missing.</summary>
    public IBrowser Require()
    {
        if (Browser is not null)
            return Browser;
        var message = $"Chromium is not installed at {ExecutablePath} (apt-get install -y chromium); the browser tests need it.";
        if (InCi)
            Assert.Fail(message);
        Assert.Skip(message);
        return null!;
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
