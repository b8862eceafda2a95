using System.Text.Json.Nodes;
using FhirPriorAuth.Browser.Tests.Ehr;
using FhirPriorAuth.Browser.Tests.Infrastructure;
using FhirPriorAuth.Policies.Tests.Builders;

namespace FhirPriorAuth.Browser.Tests.Reviewer;

/// <summary>A task on the reviewer's page: the CRD calls kept for its order, and a decision made twice.</summary>
public sealed class ReviewerTaskTests(ReviewerWorld world) : BrowserTest(world.Chromium), IClassFixture<ReviewerWorld>
{
    private async Task<BrowserPage> SignInAsync(TestOpenIdProvider.User user) => await world.SignInAsync(await OpenPageAsync(), user);

    private static Task OpenTaskAsync(BrowserPage page, string number) => ReviewerPage.OpenTaskAsync(page, number);

    private static async Task ApproveAsync(BrowserPage page)
    {
        await page.Page.Locator("#decide fieldset.line").First.Locator("select[name=action]").SelectOptionAsync("approve");
        await page.Page.ClickAsync("#decide button[type=submit]");
    }

    [Fact]
    public async Task Given_AnOrderCrdWasAskedAbout_When_ItsPendedTaskOpens_Then_TheTaskShowsTheCrdCallKeptForThatOrder()
    {
        var builder = PasRequestBuilder.Lutathera("wellmark").ServiceDate(new DateOnly(2026, 3, 9)).Patient(60).Diagnosis("C7A.090");
        var answer = await world.OrderSignAsync(builder.BuildCrdRequest(), Ct);
        // The order as CRD annotated it (coverage-information with the coverage-assertion-id), sent with the PAS request.
        var annotated = (answer["systemActions"]?.AsArray() ?? []).Select(a => a!["resource"]).OfType<JsonObject>()
            .FirstOrDefault(r => (string?)r["resourceType"] == "MedicationRequest")
            ?? throw new Xunit.Sdk.XunitException("CRD annotated no order: " + answer.ToJsonString());
        var assertionId = annotated["extension"]!.AsArray().SelectMany(e => e!["extension"]?.AsArray() ?? [])
            .First(e => (string?)e!["url"] == "coverage-assertion-id")!["valueString"]!.GetValue<string>();
        var summaries = (answer["cards"]?.AsArray() ?? []).Select(c => (string?)c!["summary"]).OfType<string>().ToList();
        var request = builder.Resource(annotated.DeepClone().AsObject()).Build();
        var claimResponse = (await world.PasAsync("$submit", request, Ct))["entry"]![0]!["resource"]!;
        Assert.Contains("\"A4\"", claimResponse.ToJsonString(), StringComparison.Ordinal);
        var number = claimResponse["preAuthRef"]!.GetValue<string>();

        var page = await SignInAsync(new("rn.ortiz@payer.example", "Rosa Ortiz", "nurse-reviewer"));
        await OpenTaskAsync(page, number);

        var call = page.Page.Locator("#crd-table tr.crd-call");
        await call.First.WaitForAsync();
        Assert.Equal(1, await call.CountAsync());
        Assert.Equal("order-sign", await call.Locator("td.hook").InnerTextAsync());
        Assert.Contains(assertionId, await call.InnerTextAsync());
        var cards = await call.Locator("td.cards").InnerTextAsync();
        Assert.All(summaries, s => Assert.Contains(s, cards, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Given_TwoReviewersOnOneTask_When_TheSecondDecidesAfterTheFirst_Then_ThePageSaysItIsAlreadyDecided()
    {
        var (number, request) = await world.SubmitPendedAsync(new DateOnly(2026, 3, 16), "Dale", Ct);
        var first = await SignInAsync(new("md.chen@payer.example", "Wei Chen", "medical-director"));
        var second = await SignInAsync(new("md.chen@payer.example", "Wei Chen", "medical-director"));
        await OpenTaskAsync(first, number);
        await OpenTaskAsync(second, number);

        await ApproveAsync(first);
        await first.Page.WaitForSelectorAsync(".banner.info");
        await ApproveAsync(second);

        var refused = second.Page.Locator(".banner.error");
        await refused.WaitForAsync();
        Assert.Contains("already decided", await refused.InnerTextAsync());
        // The first decision stands.
        var inquiry = (await world.PasAsync("$inquire", request, Ct)).ToJsonString();
        Assert.Contains("\"A1\"", inquiry, StringComparison.Ordinal);
    }
}
