using FhirPriorAuth.Browser.Tests.Infrastructure;

namespace FhirPriorAuth.Browser.Tests.Dtr;

/// <summary>What the tests read from and do on the DTR app's page.</summary>
internal static class DtrPage
{
    /// <summary>Waits until the form is shown (pre-population done), or fails with the page's banners.</summary>
    public static async Task WaitForFormAsync(BrowserPage page)
    {
        try
        {
            await page.Page.WaitForSelectorAsync("body[data-ready=true]", new() { Timeout = 20_000 });
        }
        catch (TimeoutException)
        {
            var banners = await page.Page.InnerTextAsync("#banners");
            var status = await page.Page.InnerTextAsync("#status");
            Assert.Fail($"the form did not open; status: {status}; banners: {banners}; console: {string.Join(" | ", page.ConsoleErrors)}");
        }
    }
}
