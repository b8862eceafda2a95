using System.Text.Json.Nodes;
using FhirPriorAuth.Server.FhirApi;
using FhirPriorAuth.Server.Pas;
using FhirPriorAuth.Server.Storage;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.Subscriptions;

/// <summary>
/// Subscription create, read, update, delete, search and <c>$status</c> (R5 Backport on R4). A client sees and manages
/// only the subscriptions it created (PAS spec-59): another client's read as 404. Create and update store the
/// subscription as <c>requested</c> and queue a handshake; the sender makes it <c>active</c> on a 2xx, or <c>error</c>.
/// </summary>
public static class SubscriptionEndpoints
{
    /// <summary>
    /// Maps the Subscription routes on a FHIR base group. <paramref name="idOnly"/> is for the PAS 2.0.1 base: its
    /// subscriptions get id-only notifications whatever payload content they ask for (2.0.1 requires id-only, the
    /// client then calls $inquire); notification references point at the base the subscription was created under.
    /// </summary>
    public static RouteGroupBuilder Map(RouteGroupBuilder group, bool idOnly)
    {
        group.MapPost("Subscription", (HttpRequest http, FhirRequestReader reader, IResourceStore store, OutboxSignal signal,
            IOptionsMonitor<SubscriptionOptions> options, TimeProvider clock, CancellationToken ct) =>
            CreateAsync(http, reader, store, signal, options.CurrentValue, clock, idOnly, ct));
        group.MapGet("Subscription/{id}", ReadAsync);
        group.MapPut("Subscription/{id}", (string id, HttpRequest http, FhirRequestReader reader, IResourceStore store, OutboxSignal signal,
            IOptionsMonitor<SubscriptionOptions> options, TimeProvider clock, CancellationToken ct) =>
            UpdateAsync(id, http, reader, store, signal, options.CurrentValue, clock, ct));
        group.MapDelete("Subscription/{id}", DeleteAsync);
        group.MapGet("Subscription", SearchAsync);
        group.MapGet("Subscription/{id}/$status", StatusAsync);
        return group;
    }

    private static async Task<IResult> CreateAsync(HttpRequest http, FhirRequestReader reader, IResourceStore store, OutboxSignal signal,
        SubscriptionOptions options, TimeProvider clock, bool idOnly, CancellationToken ct)
    {
        var resource = await reader.ReadValidResourceAsync(http, ct);
        SubscriptionRequest.Check(resource, idOnly, options);
        resource["status"] = SubscriptionStatus.Requested;
        resource.Remove("error");
        var owner = Owner(http);
        var baseUrl = BaseUrl(http);
        var stored = await store.InTransactionAsync(async (operations, token) =>
        {
            var counter = await EventCounter.CreateAsync(operations, token);
            var record = SubscriptionRecord.New(resource, owner, baseUrl, idOnly, counter);
            var created = await operations.CreateAsync(SubscriptionRecord.ResourceType, record.ToStoredJson(), record.Tokens(), token);
            await QueueHandshakeAsync(operations, created.Id, clock, token);
            return created;
        }, ct);
        signal.Wake();
        http.HttpContext.Response.Headers.Location = $"{baseUrl}/Subscription/{stored.Id}/_history/{stored.VersionId}";
        return FhirResults.Resource(SubscriptionRecord.From(stored).ToServed(stored), StatusCodes.Status201Created);
    }

    private static async Task<IResult> ReadAsync(string id, HttpRequest http, IResourceStore store, CancellationToken ct)
    {
        var (stored, record) = await OwnAsync(store, id, Owner(http), ct);
        return FhirResults.Resource(record.ToServed(stored));
    }

    private static async Task<IResult> UpdateAsync(string id, HttpRequest http, FhirRequestReader reader, IResourceStore store, OutboxSignal signal,
        SubscriptionOptions options, TimeProvider clock, CancellationToken ct)
    {
        var resource = await reader.ReadValidResourceAsync(http, ct);
        if ((string?)(resource["id"] as JsonValue) is { } bodyId && bodyId != id)
            throw new FhirRequestException(StatusCodes.Status400BadRequest, OutcomeIssue.Error(IssueTypes.Invalid, "The resource id must match the id in the URL", "Subscription.id"));
        var owner = Owner(http);
        var (_, existing) = await OwnAsync(store, id, owner, ct);
        SubscriptionRequest.Check(resource, existing.IdOnly, options);
        // A changed subscription is confirmed again with a handshake (this also re-activates one in error).
        resource["status"] = SubscriptionStatus.Requested;
        resource.Remove("error");
        var record = existing.Replace(resource);
        var updated = await store.InTransactionAsync(async (operations, token) =>
        {
            var current = await operations.ReadAsync(SubscriptionRecord.ResourceType, id, token);
            if (current is null || current.IsDeleted || SubscriptionRecord.From(current).Owner != owner)
                throw NotFound();
            var result = await operations.UpdateAsync(SubscriptionRecord.ResourceType, id, record.ToStoredJson(), record.Tokens(), current.VersionId, token);
            await QueueHandshakeAsync(operations, id, clock, token);
            return result.Resource!;
        }, ct);
        signal.Wake();
        return FhirResults.Resource(record.ToServed(updated));
    }

    private static async Task<IResult> DeleteAsync(string id, HttpRequest http, IResourceStore store, CancellationToken ct)
    {
        await OwnAsync(store, id, Owner(http), ct);
        await store.DeleteAsync(SubscriptionRecord.ResourceType, id, ct);
        return Results.NoContent();
    }

    private static async Task<IResult> SearchAsync(HttpRequest http, IResourceStore store, CancellationToken ct)
    {
        var baseUrl = BaseUrl(http);
        var wanted = http.Query["status"].ToString();
        var found = await store.SearchAsync(SubscriptionRecord.ResourceType, SubscriptionRecord.OwnedBy(Owner(http)), 1000, ct);
        var entries = found
            .Select(stored => (Stored: stored, Record: SubscriptionRecord.From(stored)))
            .Where(s => wanted.Length == 0 || wanted.Split(',').Contains(s.Record.Status))
            .Select(s => (JsonNode)new JsonObject
            {
                ["fullUrl"] = $"{baseUrl}/Subscription/{s.Stored.Id}",
                ["resource"] = s.Record.ToServed(s.Stored),
                ["search"] = new JsonObject { ["mode"] = "match" },
            })
            .ToList();
        return FhirResults.Resource(new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["type"] = "searchset",
            ["total"] = entries.Count,
            ["entry"] = new JsonArray([.. entries]),
        });
    }

    /// <summary><c>$status</c> (backport-subscription-status): a searchset Bundle holding the SubscriptionStatus Parameters.</summary>
    private static async Task<IResult> StatusAsync(string id, HttpRequest http, IResourceStore store, CancellationToken ct)
    {
        var (stored, record) = await OwnAsync(store, id, Owner(http), ct);
        var events = await EventCounter.CountAsync(store, record.CounterId, ct);
        var status = NotificationBundle.StatusParameters($"{record.BaseUrl}/Subscription/{stored.Id}", record.Status, "query-status", events);
        return FhirResults.Resource(new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["type"] = "searchset",
            ["total"] = 1,
            ["entry"] = new JsonArray(new JsonObject
            {
                ["fullUrl"] = "urn:uuid:" + status["id"],
                ["resource"] = status,
                ["search"] = new JsonObject { ["mode"] = "match" },
            }),
        });
    }

    private static async Task QueueHandshakeAsync(IResourceOperations operations, string subscriptionId, TimeProvider clock, CancellationToken ct)
    {
        var handshake = OutboxEntry.NewHandshake(subscriptionId, clock.GetUtcNow());
        await operations.CreateAsync(SubscriptionCodes.OutboxType, handshake.ToJson(), handshake.Tokens(), ct);
    }

    private static async Task<(StoredResource Stored, SubscriptionRecord Record)> OwnAsync(IResourceStore store, string id, string owner, CancellationToken ct)
    {
        var stored = IsId(id) ? await store.ReadAsync(SubscriptionRecord.ResourceType, id, ct) : null;
        if (stored is null || stored.IsDeleted)
            throw NotFound();
        var record = SubscriptionRecord.From(stored);
        // Someone else's subscription is answered exactly like a missing one: its existence is not revealed.
        if (record.Owner != owner)
            throw NotFound();
        return (stored, record);
    }

    private static bool IsId(string id) => id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.');

    private static FhirRequestException NotFound() =>
        new(StatusCodes.Status404NotFound, OutcomeIssue.Error(IssueTypes.NotFound, "No such Subscription"));

    /// <summary>The authenticated client, as for PAS submissions ("anonymous" when auth is disabled).</summary>
    private static string Owner(HttpRequest http) =>
        http.HttpContext.User.Identity?.Name is { Length: > 0 } name ? name : SubmissionKeys.AnonymousSubmitter;

    /// <summary>The FHIR base this request came in under (e.g. <c>https://host/fhir</c> or the 2.0.1 base).</summary>
    private static string BaseUrl(HttpRequest http)
    {
        var path = http.Path.Value ?? "";
        var at = path.LastIndexOf("/Subscription", StringComparison.Ordinal);
        return $"{http.Scheme}://{http.Host}{http.PathBase}{(at < 0 ? path : path[..at])}";
    }
}
