using Microsoft.Playwright;

namespace FhirPriorAuth.Browser.Tests.Infrastructure;

/// <summary>
/// One isolated browser context and page for a test. Records every request the page makes (to prove no other host is
/// contacted) and the console errors, and saves a screenshot under TestResults/screenshots when the test failed.
/// </summary>
public sealed class BrowserPage
{
    private readonly IBrowserContext _context;

    public IPage Page { get; }

    public List<string> Requests { get; } = [];

    public List<string> ConsoleErrors { get; } = [];

    private BrowserPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Request += (_, r) => { lock (Requests) Requests.Add(r.Url); };
        page.Console += (_, m) => { if (m.Type == "error") lock (ConsoleErrors) ConsoleErrors.Add(m.Text); };
        page.SetDefaultTimeout(15_000);
    }

    public static async Task<BrowserPage> OpenAsync(Chromium chromium)
    {
        var context = await chromium.Require().NewContextAsync(new BrowserNewContextOptions { TimezoneId = "UTC", Locale = "en-US" });
        return new BrowserPage(context, await context.NewPageAsync());
    }

    /// <summary>The hosts (scheme://host:port) the page sent requests to.</summary>
    public IReadOnlySet<string> Origins()
    {
        lock (Requests)
            return Requests.Where(u => u.StartsWith("http", StringComparison.Ordinal))
                .Select(u => new Uri(u).GetLeftPart(UriPartial.Authority)).ToHashSet();
    }

    public async ValueTask CloseAsync(bool screenshot)
    {
        if (screenshot)
            await ScreenshotAsync();
        await _context.DisposeAsync();
    }

    private async Task ScreenshotAsync()
    {
        try
        {
            var name = string.Concat((TestContext.Current.Test?.TestDisplayName ?? "test").Select(c => char.IsLetterOrDigit(c) ? c : '_'));
            var dir = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
            Directory.CreateDirectory(dir);
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, name[..Math.Min(name.Length, 120)] + ".png"), FullPage = true });
        }
        catch (PlaywrightException)
        {
            // The page may already be gone; the test's own failure is what matters.
        }
    }
}
