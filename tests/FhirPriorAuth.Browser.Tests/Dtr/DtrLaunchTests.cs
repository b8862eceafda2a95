using System.Text.Json.Nodes;
using FhirPriorAuth.Browser.Tests.Ehr;
using FhirPriorAuth.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace FhirPriorAuth.Browser.Tests.Dtr;

/// <summary>The DTR app launched from the CRD card's SMART link, as a clinician sees it.</summary>
public sealed class DtrLaunchTests(DtrWorld world) : BrowserTest(world.Chromium), IClassFixture<DtrWorld>
{
    [Fact]
    public async Task Given_TheCrdCardLink_When_TheClinicianLaunchesIt_Then_TheWellmarkLutatheraFormShowsPatientOrderAndPayer()
    {
        var (patient, coverage, order) = world.AddPatient("wellmark-lung-net.json", "wellmark", "Wellmark", DtrWorld.RxNormLutathera, "Lutathera 7.4 GBq");
        var cards = await world.OrderSignAsync(patient, order, Ct);
        var link = cards.SelectMany(c => c!["links"]?.AsArray() ?? []).SingleOrDefault(l => l!["type"]!.GetValue<string>() == "smart")
            ?? throw new Xunit.Sdk.XunitException("no SMART link among the cards: " + cards.ToJsonString());
        var launch = world.Ehr.RegisterLaunch(new TestEhr.Launch(patient, [order, coverage], link["appContext"]?.GetValue<string>()));
        var page = await OpenPageAsync();

        await page.Page.GotoAsync($"{link["url"]}?iss={Uri.EscapeDataString(world.Ehr.FhirBase)}&launch={launch}");
        await DtrPage.WaitForFormAsync(page);

        Assert.Equal(patient, await page.Page.InnerTextAsync("#ctx-patient"));
        Assert.Contains("Lutathera", await page.Page.InnerTextAsync("#ctx-order"));
        Assert.Equal("Wellmark", await page.Page.InnerTextAsync("#ctx-payer"));
        Assert.Contains("Wellmark 06.01.38", await page.Page.InnerTextAsync("#ctx-form"));
        var authorize = Assert.Single(world.Ehr.Authorizations);
        Assert.Equal("S256", authorize["code_challenge_method"]);
        Assert.Equal(world.Ehr.FhirBase, authorize["aud"]);
        Assert.Equal("launch openid fhirUser patient/*.rs patient/QuestionnaireResponse.cru", authorize["scope"]);
        Assert.Equal(launch, authorize["launch"]);
        Assert.Subset(new HashSet<string> { world.Payer.BaseUrl, world.Ehr.Origin }, page.Origins().ToHashSet());
    }
}
