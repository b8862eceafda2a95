using System.Net;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Pas.Review;
using FhirPriorAuth.Server.Storage;
using FhirPriorAuth.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FhirPriorAuth.Server.Tests.Pas.Review;

/// <summary>The work list is paged, soonest due first: a desk with more than a thousand open tasks reaches every one.</summary>
public sealed class ReviewWorkListTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task All_1100_open_tasks_are_reached_page_by_page_soonest_due_first()
    {
        await using var server = ReviewClient.Server(new SettableClock(ReviewClient.Submitted));
        var client = server.CreateClient();
        var store = server.Services.GetRequiredService<IResourceStore>();
        // Due times out of id order, some shared (then the id decides), so neither the store's order nor creation order passes.
        await store.InTransactionAsync(async (operations, token) =>
        {
            for (var i = 0; i < 1100; i++)
            {
                var due = ReviewClient.Submitted.AddHours(72 + (i * 7919 % 1100) / 2);
                var task = ReviewTask.Create($"response-{i}", $"request-{i}", $"PA-{i:D5}", "ehr", [1], expedited: false, drug: true,
                    ReviewClient.Submitted, due);
                await operations.CreateAsync(ReviewTask.ResourceType, task.ToJsonString(), ReviewTask.Tokens(task), token);
            }
            return 0;
        }, Ct);

        var seen = new List<(DateTimeOffset Due, string Id)>();
        string? next = "/review/tasks?_count=200";
        var pages = 0;
        while (next is not null)
        {
            var page = await ReviewClient.ReadAsync(await client.GetAsync(next, Ct), HttpStatusCode.OK);
            var tasks = page["tasks"]!.AsArray();
            Assert.InRange(tasks.Count, 1, 200);
            seen.AddRange(tasks.Select(t => (DateTimeOffset.Parse((string)t!["due"]!, System.Globalization.CultureInfo.InvariantCulture), (string)t["id"]!)));
            next = (string?)page["next"];
            pages++;
        }

        Assert.Equal(6, pages);
        Assert.Equal(1100, seen.Select(s => s.Id).Distinct().Count());
        Assert.Equal(seen.OrderBy(s => s.Due).ThenBy(s => s.Id, StringComparer.Ordinal), seen);
        // Without _count a page holds 50.
        Assert.Equal(50, (await ReviewClient.ListAsync(client)).Count);
    }

    [Theory]
    [InlineData("_count=0", "_count")]
    [InlineData("_count=201", "_count")]
    [InlineData("_count=ten", "_count")]
    [InlineData("cursor=not-ours", "cursor")]
    public async Task A_count_out_of_range_or_a_foreign_cursor_is_refused_at_its_parameter(string query, string expression)
    {
        await using var server = ReviewClient.Server(new SettableClock(ReviewClient.Submitted));

        var outcome = await FhirAssert.OperationOutcome(await server.CreateClient().GetAsync("/review/tasks?" + query, Ct), HttpStatusCode.BadRequest);

        Assert.Contains(expression, FhirAssert.Expressions(outcome));
    }
}
