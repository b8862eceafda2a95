using System.Text.Json.Nodes;
using FhirPriorAuth.Server.CdsHooks;
using FhirPriorAuth.Server.CdsHooks.Prefetch;
using FhirPriorAuth.Server.FhirApi;

namespace FhirPriorAuth.Server.Crd;

/// <summary>
/// A CRD hook service: checks the hook's context (422), completes <c>prefetch</c> from the client's FHIR server for
/// advertised keys the client left out or sent as null, refuses with 412 only when patient, coverage or the
/// dispatched order can be neither prefetched nor fetched, refuses (422) more orders in scope than
/// <see cref="ServerLimits.MaxCdsOrdersPerCall"/>, then lets the <see cref="ICrdResponder"/> answer.
/// </summary>
internal sealed class CrdService(CrdHookDefinition hook, FhirServerFetcher fetcher, ICrdResponder responder, TimeProvider clock,
    ExistingAuthorizations? authorizations = null, int maxOrdersPerCall = int.MaxValue) : ICdsService
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
        await AddReferencedMedicationsAsync(request, prefetch, cancellationToken);
        // A null the client sent (or a 404 on our read) says the data does not exist: the responder answers that. Only
        // data that could not be had at all stops the call.
        var missing = hook.EssentialKeys.Where(key => !IsSatisfied(prefetch[key]) && !IsExplicitNull(prefetch, key)).ToList();
        if (missing.Count > 0)
            throw new FhirRequestException(StatusCodes.Status412PreconditionFailed,
                [.. missing.Select(key => OutcomeIssue.Error(IssueTypes.NotFound,
                    $"The '{key}' data was not prefetched and could not be read from the client's FHIR server", $"prefetch.{key}"))]);

        // Each order in scope is assessed against the whole request: their number bounds the work of the call, whether the
        // orders came in the request or from the client's FHIR server.
        var inScope = Responses.HookResources.From(hook.Hook, request.Body).Targets.Count;
        if (inScope > maxOrdersPerCall)
            throw new FhirRequestException(StatusCodes.Status422UnprocessableEntity, OutcomeIssue.Error(IssueTypes.TooLong,
                $"The call puts {inScope} orders in scope; this server assesses at most {maxOrdersPerCall} per call"));

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

    /// <summary>
    /// The Medications that the request's MedicationRequests name by reference but the request does not carry (order-dispatch's
    /// <c>order</c> template, or a client that skipped the <c>_include</c>): read from the client's FHIR server into the
    /// <c>medications</c> key, since without them an everolimus order cannot be told from any other ("any additional
    /// necessary data", CDS Hooks prefetch). One more round of reads, only when something is missing.
    /// </summary>
    private async Task AddReferencedMedicationsAsync(CdsHookRequest request, JsonObject prefetch, CancellationToken ct)
    {
        if (request.FhirServer is not { } server)
            return;
        var resources = Resources(request.Context).Concat(prefetch.Select(p => p.Value).SelectMany(Resources)).ToList();
        var carried = resources.Where(r => CdsRequestEnvelope.String(r["resourceType"]) == "Medication")
            .Select(r => "Medication/" + CdsRequestEnvelope.String(r["id"])).ToHashSet(StringComparer.Ordinal);
        var queries = resources.Where(r => CdsRequestEnvelope.String(r["resourceType"]) == "MedicationRequest")
            .Select(r => CdsRequestEnvelope.String(r["medicationReference"]?["reference"]))
            .OfType<string>().Where(reference => reference.StartsWith("Medication/", StringComparison.Ordinal) && !carried.Contains(reference))
            .Distinct(StringComparer.Ordinal)
            .Select(reference => PrefetchTemplate.Resolve("{{context.reference}}", new JsonObject { ["reference"] = reference }))
            .OfType<string>().Select((query, i) => new KeyValuePair<string, string>($"medication#{i}", query)).ToList();
        if (queries.Count == 0)
            return;
        var read = (await fetcher.FetchAsync(server, queries, ct)).Values
            .Where(r => r.Obtained).Select(r => r.Value).OfType<JsonObject>()
            .Where(r => CdsRequestEnvelope.String(r["resourceType"]) == "Medication").ToList();
        if (read.Count == 0)
            return;
        if (prefetch["medications"] is JsonObject bundle && CdsRequestEnvelope.String(bundle["resourceType"]) == "Bundle")
        {
            if (bundle["entry"] is not JsonArray entries)
                bundle["entry"] = entries = [];
            foreach (var medication in read)
                entries.Add(new JsonObject { ["resource"] = medication });
        }
        else if (prefetch["medications"] is null)
        {
            prefetch["medications"] = Searchset(read);
        }
    }

    /// <summary>A resource, or the resources of a Bundle, or (for a context) the resources of its Bundles.</summary>
    private static IEnumerable<JsonObject> Resources(JsonNode? node) => node switch
    {
        JsonObject o when CdsRequestEnvelope.String(o["resourceType"]) == "Bundle" =>
            (o["entry"] as JsonArray ?? []).Select(e => (e as JsonObject)?["resource"]).OfType<JsonObject>(),
        JsonObject o when CdsRequestEnvelope.String(o["resourceType"]) is not null => [o],
        JsonObject o => o.Select(p => p.Value).OfType<JsonObject>().SelectMany(Resources),
        _ => [],
    };

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
