using System.Text.Json.Nodes;
using FhirPriorAuth.Browser.Tests.Ehr;
using FhirPriorAuth.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace FhirPriorAuth.Browser.Tests.Reviewer;

/// <summary>The reviewer's page as nurses, medical directors and auditors use it.</summary>
public sealed class ReviewerPageTests(ReviewerWorld world) : BrowserTest(world.Chromium), IClassFixture<ReviewerWorld>
{
    private const string Hostile = "<img src=x onerror=\"document.body.dataset.pwned=1\">";

    private async Task<BrowserPage> SignInAsync(TestOpenIdProvider.User user) => await world.SignInAsync(await OpenPageAsync(), user);

    private static Task OpenTaskAsync(BrowserPage page, string number) => ReviewerPage.OpenTaskAsync(page, number);

    private static async Task DecideAsync(BrowserPage page, string action, string? reason = null, string? quantity = null)
    {
        var line = page.Page.Locator("#decide fieldset.line").First;
        await line.Locator("select[name=action]").SelectOptionAsync(action);
        if (reason is not null) await line.Locator("input[name=reason]").FillAsync(reason);
        if (quantity is not null) await line.Locator("input[name=quantity]").FillAsync(quantity);
        await page.Page.ClickAsync("#decide button[type=submit]");
    }

    [Fact]
    public async Task Given_PendedRequests_When_ANurseSignsInAndDecides_Then_TheQueueTheTaskAndTheDecisionsWorkAndInquireShowsThem()
    {
        var (overdue, request) = await world.SubmitPendedAsync(new DateOnly(2026, 3, 9), Hostile, Ct);
        world.Clock.Advance(TimeSpan.FromDays(5));
        var (approved, _) = await world.SubmitPendedAsync(new DateOnly(2026, 3, 16), "Brook", Ct);
        // Equal due times are ordered by task id, not by submission; a minute apart makes the expected order the due order.
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        var (modified, _) = await world.SubmitPendedAsync(new DateOnly(2026, 3, 23), "Cole", Ct);

        var page = await SignInAsync(new("rn.ortiz@payer.example", "Rosa Ortiz", "nurse-reviewer"));
        var authorize = world.Idp.Authorizations.Last();
        Assert.Equal("S256", authorize["code_challenge_method"]);
        Assert.Equal("(may decide)", await page.Page.InnerTextAsync("#role"));
        var dues = await page.Page.Locator("#queue-table td[data-due]").EvaluateAllAsync<string[]>("cells => cells.map(c => c.dataset.due)");
        Assert.Equal(dues.Order(StringComparer.Ordinal), dues);
        var rows = await page.Page.Locator("#queue-table tbody tr").AllInnerTextsAsync();
        int At(string number) => rows.ToList().FindIndex(r => r.Contains(number, StringComparison.Ordinal));
        Assert.True(At(overdue) >= 0 && At(overdue) < At(approved) && At(approved) < At(modified), string.Join(" / ", rows));
        Assert.Contains("OVERDUE", rows[At(overdue)]);
        Assert.Equal(0, await page.Page.Locator("#queue-table tbody tr.overdue", new() { HasText = approved }).CountAsync());
        Assert.Equal(0, await page.Page.Locator("#queue-table tbody tr.overdue", new() { HasText = modified }).CountAsync());
        Assert.Contains("Opening a task assigns it to you", await page.Page.InnerTextAsync("#queue"));

        await OpenTaskAsync(page, overdue);
        Assert.Contains(Hostile, await page.Page.InnerTextAsync("#member"));
        Assert.Equal(0, await page.Page.Locator("#request img").CountAsync());
        Assert.True(await page.Page.Locator("#facts td.source").CountAsync() > 0, "no fact shows its source");
        Assert.Contains("Claim", await page.Page.InnerTextAsync("#facts"));
        var citation = page.Page.Locator("#criteria a.citation").First;
        Assert.Equal("/policies/wellmark-lutathera", await citation.GetAttributeAsync("href"));

        await DecideAsync(page, "deny");
        var error = page.Page.Locator(".field-error[data-for='items[0].reason']");
        await error.WaitForAsync();
        Assert.Contains("reason", await error.InnerTextAsync());
        await DecideAsync(page, "deny", reason: "Documentation of progression is missing");
        await page.Page.WaitForSelectorAsync(".banner.info");

        await page.Page.ClickAsync("#back");
        await OpenTaskAsync(page, approved);
        await DecideAsync(page, "approve");
        await page.Page.WaitForSelectorAsync(".banner.info");
        await page.Page.ClickAsync("#back");
        await OpenTaskAsync(page, modified);
        await DecideAsync(page, "modify", reason: "Two doses now, reassess after imaging", quantity: "2");
        await page.Page.WaitForSelectorAsync(".banner.info");

        var inquiry = (await world.PasAsync("$inquire", request, Ct)).ToJsonString();
        Assert.Contains("\"A1\"", inquiry, StringComparison.Ordinal);
        Assert.Contains("\"A3\"", inquiry, StringComparison.Ordinal);
        Assert.Contains("\"A6\"", inquiry, StringComparison.Ordinal);
        Assert.Null(await page.Page.EvaluateAsync<string?>("document.body.dataset.pwned ?? null"));
    }

    [Fact]
    public async Task Given_AnAuditor_When_TheySignIn_Then_TheyReadButCannotDecideAndThePageIsLockedDown()
    {
        var (number, _) = await world.SubmitPendedAsync(new DateOnly(2026, 4, 6), "Dunn", Ct);
        var page = await SignInAsync(new("audit.kim@payer.example", "Min Kim", "review-auditor"));

        Assert.Equal("(read-only)", await page.Page.InnerTextAsync("#role"));
        await OpenTaskAsync(page, number);
        Assert.Equal(0, await page.Page.Locator("#decide").CountAsync());
        // Even a hand-made POST with the session's antiforgery token is refused for a read-only reviewer.
        var status = await page.Page.EvaluateAsync<int>("""
            async () => {
              const s = await (await fetch('/reviewer/session')).json();
              const tasks = await (await fetch('/review/tasks')).json();
              const r = await fetch(`/review/tasks/${tasks.tasks[0].id}/decision`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-TOKEN': s.antiforgery },
                body: JSON.stringify({ items: [{ sequence: 1, action: 'approve' }] }) });
              return r.status;
            }
            """);
        Assert.Equal(403, status);
        // Without the antiforgery token a cookie-authenticated POST is refused before it reaches the review API.
        var forged = await page.Page.EvaluateAsync<int>("""
            async () => (await fetch('/review/tasks/x/decision', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status
            """);
        Assert.Equal(403, forged);

        var response = await page.Page.APIRequest.GetAsync(world.Payer.BaseUrl + "/reviewer/");
        Assert.Equal("no-store", response.Headers["cache-control"]);
        Assert.Contains("script-src 'self'", response.Headers["content-security-policy"]);
        Assert.DoesNotContain("unsafe-inline", response.Headers["content-security-policy"]);
        var api = await page.Page.APIRequest.GetAsync(world.Payer.BaseUrl + "/review/tasks");
        Assert.Equal(200, api.Status);
        Assert.Equal("no-store", api.Headers["cache-control"]);
    }
}
