namespace FhirPriorAuth.Browser.Tests.Infrastructure;

/// <summary>
/// Base of a browser test class: one Chromium per class (the fixture), one page per test, a screenshot of every page
/// of a failed test.
/// </summary>
public abstract class BrowserTest(Chromium chromium) : IAsyncLifetime
{
    private readonly List<BrowserPage> _pages = [];

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected async Task<BrowserPage> OpenPageAsync()
    {
        var page = await BrowserPage.OpenAsync(chromium);
        _pages.Add(page);
        return page;
    }

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public virtual async ValueTask DisposeAsync()
    {
        var failed = TestContext.Current.TestState?.Result == Xunit.TestResult.Failed;
        foreach (var page in _pages)
            await page.CloseAsync(screenshot: failed);
        GC.SuppressFinalize(this);
    }
}
