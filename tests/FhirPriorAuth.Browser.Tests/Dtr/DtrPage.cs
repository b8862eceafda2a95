using System.Text.Json;
using FhirPriorAuth.Browser.Tests.Ehr;
using FhirPriorAuth.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace FhirPriorAuth.Browser.Tests.Dtr;

/// <summary>What the tests read from and do on the DTR app's page.</summary>
internal static class DtrPage
{
    /// <summary>What one question shows: its origin badge and its answers as text (numbers, true/false, codes, dates).</summary>
    public sealed record Row(string Origin, IReadOnlyList<string> Values, bool Visible);

    private const string ReadRow = """
        row => {
          const values = [];
          for (const el of row.querySelectorAll(":scope > input[type=number], :scope > input[type=date], :scope > input[type=text], :scope > textarea"))
            if (el.value !== "") values.push(el.value);
          for (const el of row.querySelectorAll("input[type=radio]:checked, input[type=checkbox]:checked"))
            values.push(el.dataset.code ?? el.value);
          for (const el of row.querySelectorAll("option:checked[data-code]")) values.push(el.dataset.code);
          for (const el of row.querySelectorAll(".unlisted[data-code]")) values.push(el.dataset.code);
          const other = row.querySelector("input.other");
          if (other && other.value) values.push(other.value);
          return { origin: row.querySelector("[data-origin]")?.dataset.origin ?? "", values, visible: !row.hidden };
        }
        """;

    /// <summary>Opens the app as the EHR would (a registered launch), with the page's clock fixed when given.</summary>
    public static async Task LaunchAsync(BrowserPage page, DtrWorld world, TestEhr.Launch launch, DateTimeOffset? clock = null)
    {
        if (clock is { } at)
            await page.Page.Clock.SetFixedTimeAsync(at.UtcDateTime);
        var id = world.Ehr.RegisterLaunch(launch);
        await page.Page.GotoAsync($"{world.Payer.BaseUrl}/dtr/launch?iss={Uri.EscapeDataString(world.Ehr.FhirBase)}&launch={id}");
        await WaitForFormAsync(page);
    }

    /// <summary>Waits until the form is shown (pre-population done), or fails with the page's banners.</summary>
    public static async Task WaitForFormAsync(BrowserPage page)
    {
        try
        {
            await page.Page.WaitForSelectorAsync("body[data-ready=true]", new() { Timeout = 20_000, State = WaitForSelectorState.Attached });
        }
        catch (TimeoutException)
        {
            var banners = await page.Page.InnerTextAsync("#banners");
            var status = await page.Page.InnerTextAsync("#status");
            Assert.Fail($"the form did not open; status: {status}; banners: {banners}; console: {string.Join(" | ", page.ConsoleErrors)}");
        }
    }

    public static ILocator RowOf(BrowserPage page, string linkId) => page.Page.Locator($".item[data-linkid='{linkId}']");

    public static async Task<Row> ReadAsync(BrowserPage page, string linkId)
    {
        var json = await RowOf(page, linkId).EvaluateAsync<JsonElement>(ReadRow);
        return new Row(json.GetProperty("origin").GetString()!, json.GetProperty("values").EnumerateArray().Select(v => v.GetString()!).ToList(),
            json.GetProperty("visible").GetBoolean());
    }

    /// <summary>The linkIds of the questions on the page.</summary>
    public static async Task<IReadOnlyList<string>> LinkIdsAsync(BrowserPage page) =>
        await page.Page.Locator(".item[data-linkid]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.linkid)");

    /// <summary>Answers a choice question by its code, as a user clicks it.</summary>
    public static Task ChooseAsync(BrowserPage page, string linkId, string code) =>
        RowOf(page, linkId).Locator($"input[data-code='{code}']").First.CheckAsync();

    public static Task AnswerBooleanAsync(BrowserPage page, string linkId, bool value) =>
        RowOf(page, linkId).Locator($"input[type=radio][value='{(value ? "true" : "false")}']").CheckAsync();

    public static Task AnswerNumberAsync(BrowserPage page, string linkId, string value) =>
        RowOf(page, linkId).Locator("input[type=number]").FillAsync(value);

    /// <summary>Answers every visible required question still empty with the first choice, "Yes", 1 or a date.</summary>
    public static async Task AnswerRemainingRequiredAsync(BrowserPage page)
    {
        foreach (var linkId in await LinkIdsAsync(page))
        {
            var row = RowOf(page, linkId);
            if (await row.GetAttributeAsync("data-required") is null || !await row.IsVisibleAsync() || (await ReadAsync(page, linkId)).Values.Count > 0)
                continue;
            switch (await row.GetAttributeAsync("data-type"))
            {
                case "boolean": await AnswerBooleanAsync(page, linkId, true); break;
                case "integer" or "decimal": await AnswerNumberAsync(page, linkId, "1"); break;
                case "date": await row.Locator("input[type=date]").FillAsync("2026-01-15"); await row.Locator("input[type=date]").BlurAsync(); break;
                case "choice" or "open-choice":
                    if (await row.Locator("select").CountAsync() > 0) await row.Locator("select").SelectOptionAsync(new SelectOptionValue { Index = 1 });
                    else await row.Locator("input[data-code]").First.CheckAsync();
                    break;
                default: await row.Locator("input, textarea").First.FillAsync("text"); break;
            }
        }
    }
}
