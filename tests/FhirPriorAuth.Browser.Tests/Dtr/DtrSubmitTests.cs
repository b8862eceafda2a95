using System.Text.Json.Nodes;
using FhirPriorAuth.Browser.Tests.Ehr;
using FhirPriorAuth.Browser.Tests.Infrastructure;

namespace FhirPriorAuth.Browser.Tests.Dtr;

/// <summary>
/// The completed form sent to the payer with PAS from the DTR app (the EHR is allowed <c>Claim.c</c>): a new request
/// answered at once, and the update for a line the payer pended, opened with that line's attachment control number.
/// </summary>
public sealed class DtrSubmitTests(DtrWorld world) : BrowserTest(world.Chromium), IClassFixture<DtrWorld>
{
    // The day the synthetic charts are written for (their CQL expectations'): the payers' policies are in effect then.
    private static readonly DateTimeOffset ServiceDay = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Given_ACompletedWellmarkForm_When_TheClinicianSubmitsIt_Then_ThePayerApprovesAndThePageShowsA1WithTheAuthorizationNumber()
    {
        var (patient, coverage, order) = world.AddPatient("lutathera-initial.json", "wellmark", "Wellmark");
        var page = await OpenPageAsync();
        await DtrPage.LaunchAsync(page, world, new TestEhr.Launch(patient, [order, coverage]), ServiceDay);
        // Indication 2 (GEP-NET): the chart answers Ki-67; the rest is answered by hand.
        await DtrPage.ChooseAsync(page, "wellmark-indication", "wellmark-2");
        await DtrPage.AnswerRemainingRequiredAsync(page);

        var code = await SubmitAsync(page);

        Assert.True(code == "A1", await page.Page.InnerTextAsync("#decision"));
        Assert.Contains("Approved", await page.Page.InnerTextAsync("#decision-code"));
        Assert.StartsWith("PA-", await page.Page.InnerTextAsync("#decision-number"));
        Assert.False(await page.Page.Locator("#submit").IsEnabledAsync(), "a second click would send a second request");
        // The response the payer decided on was saved to the EHR first, completed.
        var saved = world.Ehr.Writes.Last(w => w.Resource["resourceType"]!.GetValue<string>() == "QuestionnaireResponse");
        Assert.Equal("completed", saved.Resource["status"]!.GetValue<string>());
        Assert.Subset(new HashSet<string> { world.Payer.BaseUrl, world.Ehr.Origin }, page.Origins().ToHashSet());
    }

    [Fact]
    public async Task Given_APendedLine_When_ItsFormIsLaunchedWithItsControlNumberAndSent_Then_TheUpdateIsDecidedAndThePageShowsTheNewDecision()
    {
        var (patient, coverage, order) = world.AddPatient("lutathera-initial.json", "wellmark", "Wellmark");
        var first = await OpenPageAsync();
        await DtrPage.LaunchAsync(first, world, new TestEhr.Launch(patient, [order, coverage]), ServiceDay);
        // The wrong indication: what the policy reads for this GEP-NET (indication 2) is not asked, so the payer pends.
        await DtrPage.ChooseAsync(first, "wellmark-indication", "wellmark-3");
        await DtrPage.AnswerRemainingRequiredAsync(first);
        Assert.True(await SubmitAsync(first) == "A4", await first.Page.InnerTextAsync("#decision"));
        var number = await first.Page.InnerTextAsync("#decision-number");
        var controlNumber = await first.Page.InnerTextAsync("#decision-control");
        Assert.Equal(number + "-1", controlNumber);

        // The EHR opens the pended line's form with its attachment control number as the DTR context.
        var page = await OpenPageAsync();
        var packageRequests = new List<string>();
        page.Page.Request += (_, request) =>
        {
            if (request.Url.EndsWith("/fhir/Questionnaire/$questionnaire-package", StringComparison.Ordinal))
                packageRequests.Add(request.PostData ?? "");
        };
        var appContext = new JsonObject { ["context"] = controlNumber }.ToJsonString();
        await DtrPage.LaunchAsync(page, world, new TestEhr.Launch(patient, [order, coverage], appContext), ServiceDay);
        Assert.Contains("pended line 1", await page.Page.InnerTextAsync("#submit"));
        Assert.Contains(controlNumber, Assert.Single(packageRequests), StringComparison.Ordinal);
        await DtrPage.ChooseAsync(page, "wellmark-indication", "wellmark-2");
        await DtrPage.AnswerRemainingRequiredAsync(page);

        var code = await SubmitAsync(page);

        Assert.True(code == "A1", await page.Page.InnerTextAsync("#decision"));
        // The same authorization, decided again: an update, not a new request.
        Assert.Equal(number, await page.Page.InnerTextAsync("#decision-number"));
        Assert.Equal(0, await page.Page.Locator("#decision-control").CountAsync());
    }

    private static async Task<string?> SubmitAsync(BrowserPage page)
    {
        Assert.True(await page.Page.Locator("#submit").IsEnabledAsync(), "Submit is not enabled");
        await page.Page.ClickAsync("#submit");
        try
        {
            await page.Page.WaitForSelectorAsync("#decision-code[data-code]:not([data-code=''])", new() { Timeout = 20_000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail("no decision shown; banners: " + await page.Page.InnerTextAsync("#banners"));
        }
        return await page.Page.GetAttributeAsync("#decision-code", "data-code");
    }
}
