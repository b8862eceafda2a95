using System.Text.Json.Nodes;
using FhirPriorAuth.Server.CdsHooks;
using FhirPriorAuth.Server.CdsHooks.Prefetch;
using FhirPriorAuth.Server.FhirApi;

namespace FhirPriorAuth.Server.Crd;

/// <summary>
/// A CRD hook service: checks the hook's context (422), completes <c>prefetch</c> from the client's FHIR server for
/// advertised keys the client left out or sent as null, refuses with 412 only when patient, coverage or the
/// dispatched order can be neither prefetched nor fetched, then lets the <see cref="ICrdResponder"/> answer.
/// </summary>
internal sealed class CrdService(CrdHookDefinition hook, FhirServerFetcher fetcher, ICrdResponder responder, TimeProvider clock,
    ExistingAuthorizations? authorizations = null) : ICdsService
{
    public CdsServiceDescriptor Descriptor { get; } = hook.Descriptor();

    public async Task<JsonObject> InvokeAsync(CdsHookRequest request, CancellationToken cancellationToken)
    {
        var issues = new List<OutcomeIssue>();
        hook.CheckContext(request.Context, issues);
        if (issues.Count > 0)
            throw new FhirRequestException(StatusCodes.Status422UnprocessableEntity, issues);

        var prefetch = request.Body["prefetch"] as JsonObject ?? [];
        request.Body["prefetch"] = prefetch;
        await CompleteAsync(request, prefetch, cancellationToken);
        // A null the client sent (or a 404 on our read) says the data does not exist: the responder answers that. Only
        // data that could not be had at all stops the call.
        var missing = hook.EssentialKeys.Where(key => !IsSatisfied(prefetch[key]) && !IsExplicitNull(prefetch, key)).ToList();
        if (missing.Count > 0)
            throw new FhirRequestException(StatusCodes.Status412PreconditionFailed,
                [.. missing.Select(key => OutcomeIssue.Error(IssueTypes.NotFound,
                    $"The '{key}' data was not prefetched and could not be read from the client's FHIR server", $"prefetch.{key}"))]);

        var call = new CrdCall(hook.Hook, request.Body, CrdConfiguration.From(request.Body), clock.GetUtcNow(), request.ServerBase)
        {
            Authorizations = await AuthorizationsAsync(request.Body, cancellationToken),
        };
        var answer = responder.Respond(call);
        // CDS Hooks: cards is required, even when empty.
        if (answer["cards"] is not JsonArray)
            answer["cards"] = new JsonArray();
        return answer;
    }

    /// <summary>
    /// The authorizations PAS granted the member named by the request's Coverage (its subscriberId is the member id PAS
    /// files requests under). Asynchronous here, so the responder stays a pure function of the call.
    /// </summary>
    private async Task<IReadOnlyList<ExistingAuthorization>> AuthorizationsAsync(JsonObject body, CancellationToken ct)
    {
        if (authorizations is null
            || CdsRequestEnvelope.String(Responses.HookResources.From(hook.Hook, body).Coverage?["subscriberId"]) is not { Length: > 0 } member)
            return [];
        return await authorizations.ForMemberAsync(member, ct);
    }

    /// <summary>Fetches the missing advertised keys into <paramref name="prefetch"/>; a failed query leaves its key as it was.</summary>
    private async Task CompleteAsync(CdsHookRequest request, JsonObject prefetch, CancellationToken ct)
    {
        var queries = new List<KeyValuePair<string, string>>();
        var dispatched = new List<string>();
        foreach (var (key, template) in hook.Prefetch)
        {
            if (IsSatisfied(prefetch[key]))
                continue;
            if (key == CrdHooks.Order && hook.Hook == "order-dispatch")
            {
                // order-dispatch 1.1 names several orders: each is read, and several go into one searchset Bundle.
                var orders = CrdHooks.DispatchedOrders(request.Context);
                for (var i = 0; i < orders.Count; i++)
                    // Each reference goes through token substitution, so it is held to the same safe-value rules.
                    if (PrefetchTemplate.Resolve("{{context.reference}}", new JsonObject { ["reference"] = orders[i] }) is { } read)
                    {
                        queries.Add(new($"{key}#{i}", read));
                        dispatched.Add($"{key}#{i}");
                    }
                continue;
            }
            if (PrefetchTemplate.Resolve(template, request.Context) is { } query)
                queries.Add(new(key, query));
        }

        if (queries.Count == 0)
            return;
        var results = request.FhirServer is { } server
            ? await fetcher.FetchAsync(server, queries, ct)
            : queries.ToDictionary(q => q.Key, _ => FetchResult.Failed);

        foreach (var (key, result) in results.Where(r => !dispatched.Contains(r.Key) && r.Value.Obtained))
            prefetch[key] = result.Value;
        var reads = dispatched.Select(k => results[k]).ToList();
        if (reads.Count > 0 && reads.All(r => r.Obtained))
            prefetch[CrdHooks.Order] = reads.Count == 1 ? reads[0].Value : Searchset(reads.Select(r => r.Value).OfType<JsonObject>());
    }

    private static bool IsExplicitNull(JsonObject prefetch, string key) => prefetch.TryGetPropertyValue(key, out var value) && value is null;

    /// <summary>A key the client answered with a resource or Bundle; a null, an OperationOutcome or anything else is refetched.</summary>
    private static bool IsSatisfied(JsonNode? value) =>
        value is JsonObject resource && CdsRequestEnvelope.String(resource["resourceType"]) is { } type && type != "OperationOutcome";

    private static JsonObject Searchset(IEnumerable<JsonObject> resources)
    {
        var entries = new JsonArray();
        foreach (var resource in resources)
            entries.Add(new JsonObject { ["resource"] = resource });
        return new JsonObject { ["resourceType"] = "Bundle", ["type"] = "searchset", ["total"] = entries.Count, ["entry"] = entries };
    }
}
