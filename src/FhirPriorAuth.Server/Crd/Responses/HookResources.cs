using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Dtr;

namespace FhirPriorAuth.Server.Crd.Responses;

/// <summary>
/// The resources of a hook request (draft orders, appointments and every prefetched resource) and which of them the
/// answer is about: the orders each hook puts in scope, and the member's Coverage.
/// </summary>
internal sealed class HookResources
{
    /// <summary>Request types a coverage-information annotation may update (CRD 2.0.1 profiles).</summary>
    public static readonly HashSet<string> OrderTypes =
        ["MedicationRequest", "ServiceRequest", "DeviceRequest", "NutritionOrder", "VisionPrescription", "CommunicationRequest"];

    // Lookups by "Type/id" and by identity, so resolving a reference or asking about a target costs the same whatever
    // the number of resources (a call with n orders must not cost n²).
    private readonly Dictionary<string, JsonObject> _byKey;
    private readonly HashSet<JsonObject> _targets;

    private HookResources(string hook, List<JsonObject> all, Dictionary<string, JsonObject> byKey, List<JsonObject> drafts,
        List<JsonObject> targets, JsonObject? coverage)
    {
        Hook = hook;
        All = all;
        _byKey = byKey;
        DraftOrders = drafts;
        Targets = targets;
        _targets = new HashSet<JsonObject>(targets, ReferenceEqualityComparer.Instance);
        Coverage = coverage;
    }

    public string Hook { get; }

    /// <summary>Every resource of the request, draft orders first.</summary>
    public IReadOnlyList<JsonObject> All { get; }

    /// <summary><c>context.draftOrders</c> (order-select and order-sign).</summary>
    public IReadOnlyList<JsonObject> DraftOrders { get; }

    /// <summary>What the coverage information is about, in request order (see <see cref="From"/>).</summary>
    public IReadOnlyList<JsonObject> Targets { get; }

    /// <summary>The member's Coverage: the first active one sent with an id (CRD 2.2 allows only the primary coverage).</summary>
    public JsonObject? Coverage { get; }

    /// <summary>
    /// Reads the request. Targets per hook: order-sign every draft order; order-select the selected ones;
    /// order-dispatch the dispatched order(s) (hook 1.0 <c>order</c>, 1.1 <c>dispatchedOrders</c>); appointment-book
    /// the appointments; encounter-start/-discharge the orders prefetched for the encounter, when there are any.
    /// </summary>
    public static HookResources From(string hook, JsonObject request)
    {
        var context = request.Obj("context");
        var drafts = Entries(context.Obj("draftOrders")).Where(r => OrderTypes.Contains(r.Str("resourceType") ?? "")).ToList();
        var appointments = Entries(context.Obj("appointments")).Where(r => r.Str("resourceType") == "Appointment").ToList();
        var prefetched = new List<JsonObject>();
        foreach (var (_, value) in request.Obj("prefetch") ?? [])
        {
            if (value is not JsonObject resource)
                continue;
            if (resource.Str("resourceType") == "Bundle")
                prefetched.AddRange(Entries(resource));
            else
                prefetched.Add(resource);
        }
        var all = new List<JsonObject>();
        var byKey = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var seen = new HashSet<JsonObject>(ReferenceEqualityComparer.Instance);
        foreach (var resource in drafts.Concat(appointments).Concat(prefetched))
        {
            // The same resource (by type and id) sent twice counts once: the first one sent.
            if (!seen.Add(resource) || (resource.Str("id") is not null && !byKey.TryAdd(Key(resource), resource)))
                continue;
            all.Add(resource);
        }

        var targets = hook switch
        {
            "order-select" => Selected(context, drafts),
            "order-dispatch" => Dispatched(context, byKey),
            "appointment-book" => appointments,
            "encounter-start" or "encounter-discharge" => prefetched.Where(r => OrderTypes.Contains(r.Str("resourceType") ?? "")
                && r.Str("status") is "draft" or "active" or "on-hold").ToList(),
            _ => drafts,
        };
        // Only what has an id can be updated or referenced.
        targets = targets.Where(t => !string.IsNullOrEmpty(t.Str("id"))).ToList();
        var coverage = all.FirstOrDefault(r => r.Str("resourceType") == "Coverage" && r.Str("status") is null or "active"
            && !string.IsNullOrEmpty(r.Str("id")));
        return new HookResources(hook, all, byKey, drafts, targets, coverage);
    }

    /// <summary>A <c>Type/id</c> (or absolute) reference resolved among the request's resources.</summary>
    public JsonObject? Resolve(string? reference)
    {
        if (string.IsNullOrEmpty(reference) || reference.StartsWith('#'))
            return null;
        var parts = reference.Split('/');
        if (parts.Length < 2)
            return null;
        return _byKey.GetValueOrDefault($"{parts[^2]}/{parts[^1]}");
    }

    /// <summary>Whether the answer is about this resource (one of <see cref="Targets"/>).</summary>
    public bool IsTarget(JsonObject resource) => _targets.Contains(resource);

    /// <summary>Whether the request already holds an order for this code (draft or active), so advice need not repeat it.</summary>
    public bool HasOrderFor(Func<JsonObject, bool> matches) =>
        All.Any(r => r.Str("resourceType") is "ServiceRequest" or "MedicationRequest"
            && r.Str("status") is "draft" or "active" or "on-hold" && matches(r));

    public static string Key(JsonObject resource) => $"{resource.Str("resourceType")}/{resource.Str("id")}";

    private static List<JsonObject> Selected(JsonObject? context, List<JsonObject> drafts)
    {
        var selections = context?["selections"] is JsonArray array
            ? array.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToHashSet(StringComparer.Ordinal)
            : [];
        return selections.Count == 0 ? drafts : drafts.Where(d => selections.Contains(Key(d))).ToList();
    }

    private static List<JsonObject> Dispatched(JsonObject? context, Dictionary<string, JsonObject> byKey)
    {
        var references = new List<string?> { context.Str("order") };
        if (context?["dispatchedOrders"] is JsonArray dispatched)
            references.AddRange(dispatched.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null));
        var found = new List<JsonObject>();
        var seen = new HashSet<JsonObject>(ReferenceEqualityComparer.Instance);
        foreach (var reference in references.OfType<string>())
        {
            var parts = reference.Split('/');
            if (parts.Length >= 2 && byKey.GetValueOrDefault($"{parts[^2]}/{parts[^1]}") is { } order
                && OrderTypes.Contains(parts[^2]) && seen.Add(order))
                found.Add(order);
        }
        return found;
    }

    private static IEnumerable<JsonObject> Entries(JsonObject? bundle) =>
        bundle.Objects("entry").Select(e => e.Obj("resource")).OfType<JsonObject>().Where(r => r.Str("resourceType") is not null);
}
