using FhirPriorAuth.Browser.Tests.Ehr;
using FhirPriorAuth.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace FhirPriorAuth.Browser.Tests.Dtr;

/// <summary>The DTR app opened on its own (standalone launch): no order or response in the launch context.</summary>
public sealed class DtrStandaloneLaunchTests(DtrWorld world) : BrowserTest(world.Chromium), IClassFixture<DtrWorld>
{
    [Fact]
    public async Task Given_NoLaunchContext_When_TheClinicianOpensTheAppStandalone_Then_TheyPickAnOpenOrderAndLaterResumeTheSavedResponse()
    {
        var (patient, _, order) = world.AddPatient("lutathera-initial.json", "wellmark", "Wellmark");
        world.Ehr.StandaloneLaunch = new TestEhr.Launch(patient, []);
        var page = await OpenStandaloneAsync();

        await PickAsync(page, order);
        Assert.Contains("Lutathera", await page.Page.InnerTextAsync("#ctx-order"));
        Assert.Equal("Wellmark", await page.Page.InnerTextAsync("#ctx-payer"));
        var standalone = world.Ehr.Authorizations.Last();
        Assert.False(standalone.ContainsKey("launch"));
        Assert.Contains("launch/patient", standalone["scope"], StringComparison.Ordinal);
        await DtrPage.ChooseAsync(page, "wellmark-indication", "wellmark-2");
        await page.Page.ClickAsync("#save");
        await page.Page.WaitForSelectorAsync("#saved:not(:empty)");
        var saved = await page.Page.InnerTextAsync("#saved");

        var later = await OpenStandaloneAsync();
        await PickAsync(later, saved);

        var indication = await DtrPage.ReadAsync(later, "wellmark-indication");
        Assert.Equal(("manual", "wellmark-2"), (indication.Origin, Assert.Single(indication.Values)));
        Assert.Equal("auto", (await DtrPage.ReadAsync(later, "ki67")).Origin);
    }

    private async Task<BrowserPage> OpenStandaloneAsync()
    {
        var page = await OpenPageAsync();
        await page.Page.GotoAsync(world.Payer.BaseUrl + "/dtr/");
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "Test EHR" }).ClickAsync();
        return page;
    }

    /// <summary>Picks an open order or an in-progress response from the app's list (no launch context).</summary>
    private static async Task PickAsync(BrowserPage page, string reference)
    {
        await page.Page.Locator($"#picker button[data-pick='{reference}']").ClickAsync();
        await DtrPage.WaitForFormAsync(page);
    }
}
