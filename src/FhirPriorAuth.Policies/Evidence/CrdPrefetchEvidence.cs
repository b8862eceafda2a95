using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Resources;
using FhirPriorAuth.Policies.Evidence.Extraction;

namespace FhirPriorAuth.Policies.Evidence;

/// <summary>The facts of a CDS Hooks (CRD) request: its draft orders and prefetched resources.</summary>
public static class CrdPrefetchEvidence
{
    /// <summary>
    /// Reads the same facts as <see cref="PasBundleEvidence"/> from a hook request: <c>context.draftOrders</c> (only the
    /// <c>context.selections</c> when given) or <c>context.order</c>, and every <c>prefetch</c> value (a resource or a
    /// searchset Bundle). The date of service is the order's (validity period, occurrence, authoredOn), else today.
    /// </summary>
    public static EvidenceSet Extract(JsonObject hookRequest, DateOnly? today = null, EvidenceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(hookRequest);
        var context = hookRequest.Obj("context");
        var bundle = Bundle.Create("collection");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var drafts = new List<JsonObject>();
        foreach (var entry in context.Obj("draftOrders").Objs("entry"))
            if (Add(bundle, seen, entry.Obj("resource"), entry.Str("fullUrl")) is { } added) drafts.Add(added);
        foreach (var (_, value) in hookRequest.Obj("prefetch") ?? [])
        {
            if (value is not JsonObject resource) continue;
            if (resource.Str("resourceType") == "Bundle")
                foreach (var entry in resource.Objs("entry")) Add(bundle, seen, entry.Obj("resource"), entry.Str("fullUrl"));
            else Add(bundle, seen, resource, null);
        }

        var index = new ResourceIndex(bundle);
        var ctx = new ExtractionContext(index, options ?? EvidenceOptions.Default, today ?? DateOnly.FromDateTime(DateTime.UtcNow));
        ctx.Orders.AddRange(Orders(context, index, drafts));
        if (ctx.Orders.Count == 0) ctx.Note("the hook request names no order");
        if (context.Str("userId") is { } user && index.Resolve(user) is not null)
            ctx.Prescribers.Add((new JsonObject { ["reference"] = user }, index.Resolve(user)!));
        ClinicalEvidence.Extract(ctx, fromClaim: false);
        return DerivedEvidence.Complete(ctx.Evidence);
    }

    private static IEnumerable<IndexedResource> Orders(JsonObject? context, ResourceIndex index, List<JsonObject> drafts)
    {
        var draftOrders = index.All.Where(r => drafts.Any(d => ReferenceEquals(d, r.Json))).ToList();
        var selections = (context?["selections"] as JsonArray)?
            .Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList();
        if (selections is { Count: > 0 })
            return draftOrders.Where(o => selections.Contains($"{o.Type}/{o.Json.Str("id")}"));
        if (draftOrders.Count > 0) return draftOrders;
        // order-dispatch names one order by reference; order-select without drafts has nothing to read.
        return context.Str("order") is { } order && index.Resolve(order) is { } resolved ? [resolved] : [];
    }

    private static JsonObject? Add(Bundle bundle, HashSet<string> seen, JsonObject? resource, string? fullUrl)
    {
        if (resource?.Str("resourceType") is not { } type) return null;
        var key = resource.Str("id") is { } id ? $"{type}/{id}" : null;
        if (key is not null && !seen.Add(key)) return null;
        // The copy keeps the caller's JSON untouched (a JsonNode has one parent).
        var copy = resource.DeepClone().AsObject();
        bundle.AddEntry(copy, fullUrl);
        return copy;
    }
}
