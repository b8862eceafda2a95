using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Storage;

namespace FhirPriorAuth.Server.CdsHooks.Retention;

/// <summary>
/// Keeps every CDS hook call and its answer, and every feedback report, for dispute resolution (CRD security.md: SHALL
/// retain logs of all hook invocations and responses; 2.2 found-11: the guidance given is honoured at adjudication).
/// Each is a <c>Basic</c> resource in the store holding the request (never <c>fhirAuthorization</c>) and the response
/// as JSON attachments, found by hookInstance, coverage-assertion-id, card uuid, member id and client. Nothing here is
/// served over the FHIR API; reviewers read them at <c>/review/crd/{assertionId}</c>. Kept for
/// <see cref="CdsHooksOptions.RetentionDays"/>, then removed by <see cref="CdsExchangePurge"/>.
/// </summary>
internal sealed class CdsExchangeLog(IResourceStore store, TimeProvider clock) : IAsyncDisposable
{
    // Kept calls are written beside the answer, not before it (CdsInvocationEndpoint): these are the writes still
    // under way, which every read of the log here waits for, so this instance reads its own kept calls.
    private readonly ConcurrentDictionary<Task, byte> _writing = new();

    public const string ResourceType = "Basic";
    public const string CodeSystem = "http://fhirpriorauth.example.org/fhir/CodeSystem/cds-log";
    public const string Invocation = "crd-invocation";
    public const string Feedback = "crd-feedback";
    public const string KindParameter = "cds-log";
    public const string RequestUrl = "http://fhirpriorauth.example.org/fhir/StructureDefinition/cds-request";
    public const string ResponseUrl = "http://fhirpriorauth.example.org/fhir/StructureDefinition/cds-response";
    public const string StatusUrl = "http://fhirpriorauth.example.org/fhir/StructureDefinition/cds-http-status";

    /// <summary>Tracks a kept call being written without the answer waiting for it.</summary>
    public void Writing(Task write)
    {
        _writing.TryAdd(write, 0);
        _ = write.ContinueWith(done => _writing.TryRemove(done, out _), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Completes when the kept calls this instance was writing are stored (or their writes have failed).</summary>
    public async Task WrittenAsync()
    {
        try
        {
            await Task.WhenAll(_writing.Keys);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            // A failed write was logged where it was made; the reader reads what is stored.
        }
    }

    /// <summary>At shutdown the kept calls under way are finished before the store goes.</summary>
    public async ValueTask DisposeAsync() => await WrittenAsync();

    /// <summary>Stores one call: the request as answered (its prefetch completed, the access token removed) and the answer.</summary>
    public async Task<string> RecordInvocationAsync(string serviceId, JsonObject request, JsonNode response, int status,
        string? client, CancellationToken ct)
    {
        var copy = request.DeepClone().AsObject();
        copy.Remove("fhirAuthorization");
        var tokens = new List<SearchToken> { new(KindParameter, null, Invocation), new("service", null, serviceId) };
        Add(tokens, "hook", CdsRequestEnvelope.String(copy["hook"]));
        Add(tokens, "hook-instance", CdsRequestEnvelope.String(copy["hookInstance"]));
        Add(tokens, "client", client);
        Add(tokens, "patient-member-id", MemberId(copy));
        foreach (var id in AssertionIds(response).Distinct())
            tokens.Add(new SearchToken("coverage-assertion-id", null, id));
        foreach (var uuid in CardUuids(response).Distinct())
            tokens.Add(new SearchToken("card", null, uuid));
        var record = Record(Invocation, status, [Attachment(RequestUrl, copy), Attachment(ResponseUrl, response)]);
        return (await store.CreateAsync(ResourceType, record.ToJsonString(), tokens, ct)).Id;
    }

    /// <summary>Stores one feedback report, linked to the call whose answer held the card, when that call is kept.</summary>
    public async Task RecordFeedbackAsync(string serviceId, JsonObject feedback, string? client, CancellationToken ct)
    {
        await WrittenAsync();
        var tokens = new List<SearchToken> { new(KindParameter, null, Feedback), new("service", null, serviceId) };
        Add(tokens, "client", client);
        var record = Record(Feedback, StatusCodes.Status200OK, [Attachment(RequestUrl, feedback)]);
        var links = new JsonArray();
        foreach (var item in feedback["feedback"]!.AsArray().OfType<JsonObject>())
        {
            var card = CdsRequestEnvelope.String(item["card"])!;
            tokens.Add(new SearchToken("card", null, card));
            Add(tokens, "outcome", CdsRequestEnvelope.String(item["outcome"]));
            var invocation = await store.SearchAsync(ResourceType,
                [new(KindParameter, null, Invocation), new("card", null, card)], 1, ct);
            if (invocation.Count > 0 && links.All(l => l!["reference"]!.GetValue<string>() != $"Basic/{invocation[0].Id}"))
            {
                links.Add(new JsonObject { ["reference"] = $"Basic/{invocation[0].Id}" });
                tokens.Add(new SearchToken("linked", null, invocation[0].Id));
            }
        }
        if (links.Count > 0)
            record["subject"] = links[0]!.DeepClone();
        await store.CreateAsync(ResourceType, record.ToJsonString(), tokens.Distinct().ToList(), ct);
    }

    /// <summary>The kept calls whose answers carried this coverage-assertion-id, and the feedback on their cards.</summary>
    public async Task<IReadOnlyList<StoredResource>> ForAssertionAsync(string assertionId, CancellationToken ct)
    {
        await WrittenAsync();
        var calls = await CallsAsync(assertionId, null, ct);
        var feedback = new List<StoredResource>();
        foreach (var call in calls)
            feedback.AddRange(await store.SearchAsync(ResourceType,
                [new(KindParameter, null, Feedback), new("linked", null, call.Id)], 100, ct));
        return [.. calls, .. feedback.DistinctBy(f => f.Id)];
    }

    /// <summary>The kept calls whose answers carried this coverage-assertion-id, only those for this member when one is given.</summary>
    public async Task<IReadOnlyList<StoredResource>> CallsAsync(string assertionId, string? memberId, CancellationToken ct)
    {
        await WrittenAsync();
        var criteria = new List<TokenCriterion> { new(KindParameter, null, Invocation), new("coverage-assertion-id", null, assertionId) };
        if (memberId is not null)
            criteria.Add(new("patient-member-id", null, memberId));
        return await store.SearchAsync(ResourceType, criteria, 100, ct);
    }

    private JsonObject Record(string kind, int status, IEnumerable<JsonObject> attachments) => new()
    {
        ["resourceType"] = ResourceType,
        ["code"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = CodeSystem, ["code"] = kind }) },
        ["created"] = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["extension"] = new JsonArray([new JsonObject { ["url"] = StatusUrl, ["valueInteger"] = status }, .. attachments]),
    };

    private static JsonObject Attachment(string url, JsonNode content) => new()
    {
        ["url"] = url,
        ["valueAttachment"] = new JsonObject
        {
            ["contentType"] = "application/json",
            ["data"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(content.ToJsonString())),
        },
    };

    /// <summary>The JSON an attachment of a kept record holds (request or response), or null.</summary>
    public static JsonNode? Content(JsonObject record, string url)
    {
        var data = (record["extension"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(e => CdsRequestEnvelope.String(e["url"]) == url)?["valueAttachment"]?["data"];
        return CdsRequestEnvelope.String(data) is { } base64 ? JsonNode.Parse(Convert.FromBase64String(base64)) : null;
    }

    private static void Add(List<SearchToken> tokens, string parameter, string? value)
    {
        if (!string.IsNullOrEmpty(value))
            tokens.Add(new SearchToken(parameter, null, value));
    }

    /// <summary>The member id of the first Coverage prefetched (a resource or in a Bundle).</summary>
    private static string? MemberId(JsonObject request) =>
        Resources(request["prefetch"] as JsonObject)
            .Where(r => CdsRequestEnvelope.String(r["resourceType"]) == "Coverage")
            .Select(r => CdsRequestEnvelope.String(r["subscriberId"])).FirstOrDefault(id => id is not null);

    private static IEnumerable<JsonObject> Resources(JsonObject? prefetch)
    {
        foreach (var (_, value) in prefetch ?? [])
        {
            if (value is not JsonObject resource)
                continue;
            if (CdsRequestEnvelope.String(resource["resourceType"]) == "Bundle")
                foreach (var entry in (resource["entry"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    if (entry["resource"] is JsonObject inner)
                        yield return inner;
                }
            else
                yield return resource;
        }
    }

    /// <summary>Every coverage-assertion-id in the answer's system actions (and suggestions), wherever it sits.</summary>
    private static IEnumerable<string> AssertionIds(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if (CdsRequestEnvelope.String(o["url"]) == "coverage-assertion-id" && CdsRequestEnvelope.String(o["valueString"]) is { } id)
                    yield return id;
                foreach (var (_, child) in o)
                    foreach (var found in AssertionIds(child))
                        yield return found;
                break;
            case JsonArray a:
                foreach (var child in a)
                    foreach (var found in AssertionIds(child))
                        yield return found;
                break;
        }
    }

    private static IEnumerable<string> CardUuids(JsonNode response) =>
        (response["cards"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(c => CdsRequestEnvelope.String(c["uuid"])).OfType<string>();
}
