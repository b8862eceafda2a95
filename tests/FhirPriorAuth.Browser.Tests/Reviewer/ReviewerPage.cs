using FhirPriorAuth.Browser.Tests.Ehr;
using FhirPriorAuth.Browser.Tests.Infrastructure;

namespace FhirPriorAuth.Browser.Tests.Reviewer;

/// <summary>What a reviewer does on the page, shared by the reviewer's browser tests: sign in, open a task from the queue.</summary>
internal static class ReviewerPage
{
    /// <summary>Signs the user in through the OpenID provider on an opened page, with the page's clock at the world's.</summary>
    public static async Task<BrowserPage> SignInAsync(this ReviewerWorld world, BrowserPage page, TestOpenIdProvider.User user)
    {
        world.Idp.NextUser = user;
        await page.Page.Clock.SetFixedTimeAsync(world.Clock.GetUtcNow().UtcDateTime);
        await page.Page.GotoAsync(world.Payer.BaseUrl + "/reviewer/");
        await page.Page.ClickAsync("#signin");
        try
        {
            await page.Page.WaitForSelectorAsync("#who");
        }
        catch (TimeoutException)
        {
            Assert.Fail($"sign-in did not complete: at {page.Page.Url}: {await page.Page.InnerTextAsync("body")}; "
                + string.Join(" | ", world.Payer.Logs.Where(l => l.Contains("OpenIdConnect", StringComparison.Ordinal) || l.Contains("Reviewer", StringComparison.Ordinal)).TakeLast(5)));
        }
        return page;
    }

    /// <summary>Opens the queue's task with this authorization number (which assigns it to the reviewer).</summary>
    public static async Task OpenTaskAsync(BrowserPage page, string number)
    {
        await page.Page.Locator("#queue-table tr", new() { HasText = number }).Locator("button.open").ClickAsync();
        await page.Page.WaitForSelectorAsync("#criteria");
    }
}
