using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.FhirApi;
using FhirPriorAuth.Server.Storage;

namespace FhirPriorAuth.Server.Pas.Review;

/// <summary>
/// <c>GET /review/tasks?status=open|all|requested|in-progress|completed|cancelled&amp;_count=50&amp;cursor=…</c>: the
/// reviewers' work list, soonest due first (then by id, so the order is total), one page at a time. <c>_count</c> is
/// 1–200 (default 50); while more tasks follow, the answer's <c>next</c> is the URL of the next page, whose opaque
/// <c>cursor</c> names the last task shown, so every task is reached once even when tasks are added or decided
/// between pages. No clinical content.
/// </summary>
internal static class ReviewWorkList
{
    public const int DefaultCount = 50;
    public const int MaxCount = 200;

    public static async Task<IResult> ListAsync(HttpRequest http, IResourceStore store, TimeProvider clock, CancellationToken ct)
    {
        var query = http.Query;
        var status = query["status"].Count > 0 ? query["status"].ToString() : "open";
        string[] statuses = status switch
        {
            "open" => ReviewTask.OpenStatuses,
            "all" => [.. ReviewTask.OpenStatuses, ReviewTask.Completed, ReviewTask.Cancelled],
            ReviewTask.Requested or ReviewTask.InProgress or ReviewTask.Completed or ReviewTask.Cancelled => [status],
            _ => throw Refused("status is one of open, all, requested, in-progress, completed, cancelled", "status"),
        };
        var count = DefaultCount;
        if (query["_count"].Count > 0 && (!int.TryParse(query["_count"], NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxCount))
            throw Refused($"_count is a whole number from 1 to {MaxCount}", "_count");
        (DateTimeOffset Due, string Id)? after = null;
        if (query["cursor"].Count > 0)
            after = Cursor.Read(query["cursor"].ToString()) ?? throw Refused("cursor is not one this server gave", "cursor");

        var now = clock.GetUtcNow();
        var tasks = new List<(DateTimeOffset Due, string Id, JsonObject Task)>();
        foreach (var wanted in statuses)
            foreach (var stored in await store.SearchAsync(ReviewTask.ResourceType,
                [ReviewTask.Kind.AsCriterion(), new("status", null, wanted)], int.MaxValue, ct))
                if (stored.Json is not null && JsonNode.Parse(stored.Json) is JsonObject task)
                    tasks.Add((ReviewTask.Due(task), stored.Id, task));
        var ordered = tasks.OrderBy(t => t.Due).ThenBy(t => t.Id, StringComparer.Ordinal)
            .Where(t => after is null || (t.Due, t.Id).CompareTo(after.Value) > 0).ToList();
        var page = ordered.Take(count).ToList();

        var answer = new JsonObject
        {
            ["tasks"] = new JsonArray([.. page.Select(t => ReviewEndpoints.Summary(t.Id, t.Task, now))]),
        };
        if (ordered.Count > page.Count)
        {
            var last = page[^1];
            answer["next"] = $"{http.PathBase}{http.Path}?status={Uri.EscapeDataString(status)}&_count={count}&cursor={Cursor.Write(last.Due, last.Id)}";
        }
        return Results.Text(answer.ToJsonString(), "application/json");
    }

    private static FhirRequestException Refused(string text, string expression) =>
        new(StatusCodes.Status400BadRequest, OutcomeIssue.Error(IssueTypes.Value, text, expression));

    /// <summary>The last task of a page (its due time and id), as base64url text.</summary>
    private static class Cursor
    {
        public static string Write(DateTimeOffset due, string id) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{due.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{id}"))
                .TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static (DateTimeOffset Due, string Id)? Read(string text)
        {
            if (text.Length is 0 or > 200)
                return null;
            var base64 = text.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - base64.Length % 4) % 4);
            var bytes = new byte[base64.Length];
            if (!Convert.TryFromBase64String(base64, bytes, out var written))
                return null;
            var parts = Encoding.UTF8.GetString(bytes, 0, written).Split('|', 2);
            if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                || ticks > DateTimeOffset.MaxValue.UtcTicks || parts[1].Length == 0)
                return null;
            return (new DateTimeOffset(ticks, TimeSpan.Zero), parts[1]);
        }
    }
}
