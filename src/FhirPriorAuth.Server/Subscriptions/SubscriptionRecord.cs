using System.Globalization;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Storage;

namespace FhirPriorAuth.Server.Subscriptions;

/// <summary>
/// A stored Subscription: the client's resource (status and error set by the server) plus what only the server
/// knows, kept in one extension that is removed before the resource is served: the owner (the client that created
/// it), the FHIR base it was created under (references in notifications point there; the 2.0.1 base forces id-only),
/// and the id of its event counter.
/// </summary>
internal sealed class SubscriptionRecord
{
    public const string ResourceType = "Subscription";
    private const string StateUrl = "http://fhirpriorauth.example.org/fhir/StructureDefinition/subscription-server-state";
    private static readonly SearchToken ActiveToken = new("status", null, SubscriptionStatus.Active);

    private SubscriptionRecord(JsonObject resource, string owner, string baseUrl, bool idOnly, string counterId)
    {
        Resource = resource;
        Owner = owner;
        BaseUrl = baseUrl;
        IdOnly = idOnly;
        CounterId = counterId;
    }

    /// <summary>The Subscription as the client sees it (no id or meta: those come from the store).</summary>
    public JsonObject Resource { get; }

    public string Owner { get; }

    public string BaseUrl { get; }

    public bool IdOnly { get; }

    public string CounterId { get; }

    public string Status => (string?)Resource["status"] ?? SubscriptionStatus.Requested;

    /// <summary>The org-identifier values of its filter criteria (none: every request of its owner).</summary>
    public IReadOnlyList<string> FilterValues => SubscriptionRequest.FilterValuesOf(Resource);

    public static SubscriptionRecord New(JsonObject resource, string owner, string baseUrl, bool idOnly, string counterId) =>
        new(Clean(resource), owner, baseUrl, idOnly, counterId);

    /// <summary>The same subscription with the client's new content (an update), keeping what the server knows.</summary>
    public SubscriptionRecord Replace(JsonObject resource) => new(Clean(resource), Owner, BaseUrl, IdOnly, CounterId);

    public static SubscriptionRecord From(StoredResource stored)
    {
        var resource = JsonNode.Parse(stored.Json!)!.AsObject();
        var extensions = resource["extension"] as JsonArray ?? [];
        var state = extensions.OfType<JsonObject>().Single(e => (string?)e["url"] == StateUrl);
        extensions.Remove(state);
        if (extensions.Count == 0)
            resource.Remove("extension");
        string Part(string name) => (string)state["extension"]!.AsArray().OfType<JsonObject>().Single(e => (string?)e["url"] == name)["valueString"]!;
        return new SubscriptionRecord(resource, Part("owner"), Part("base"), Part("idOnly") == "true", Part("counter"));
    }

    public static IReadOnlyCollection<TokenCriterion> OwnedBy(string owner) => [new("owner", null, owner)];

    public static IReadOnlyCollection<TokenCriterion> Active { get; } = [ActiveToken.AsCriterion()];

    public static IReadOnlyCollection<TokenCriterion> ActiveOf(string owner) =>
        [new("owner", null, owner), ActiveToken.AsCriterion()];

    public SubscriptionRecord WithStatus(string status, string? error)
    {
        Resource["status"] = status;
        if (error is null)
            Resource.Remove("error");
        else
            Resource["error"] = error;
        return this;
    }

    public SubscriptionChannel Channel(SubscriptionOptions options) => SubscriptionRequest.Check((JsonObject)Resource.DeepClone(), IdOnly, options);

    public IReadOnlyCollection<SearchToken> Tokens() => [new("owner", null, Owner), new("status", null, Status)];

    public string ToStoredJson()
    {
        var stored = (JsonObject)Resource.DeepClone();
        var extensions = stored["extension"] as JsonArray ?? [];
        extensions.Add(new JsonObject
        {
            ["url"] = StateUrl,
            ["extension"] = new JsonArray(
                Part("owner", Owner), Part("base", BaseUrl), Part("idOnly", IdOnly ? "true" : "false"), Part("counter", CounterId)),
        });
        stored["extension"] = extensions;
        return stored.ToJsonString();

        static JsonObject Part(string name, string value) => new() { ["url"] = name, ["valueString"] = value };
    }

    /// <summary>The resource as served: id and meta from the store's columns.</summary>
    public JsonObject ToServed(StoredResource stored)
    {
        var served = new JsonObject { ["resourceType"] = ResourceType, ["id"] = stored.Id };
        var meta = Resource["meta"]?.DeepClone() as JsonObject ?? [];
        meta["versionId"] = stored.VersionId.ToString(CultureInfo.InvariantCulture);
        meta["lastUpdated"] = stored.LastUpdated.ToString("yyyy-MM-ddTHH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture);
        served["meta"] = meta;
        foreach (var (key, value) in Resource)
        {
            if (key is not ("resourceType" or "id" or "meta"))
                served[key] = value?.DeepClone();
        }
        return served;
    }

    // The server's own extension must not be smuggled in by a client, and id/meta belong to the store.
    private static JsonObject Clean(JsonObject resource)
    {
        var copy = (JsonObject)resource.DeepClone();
        copy.Remove("id");
        if (copy["meta"] is JsonObject meta)
        {
            meta.Remove("versionId");
            meta.Remove("lastUpdated");
        }
        if (copy["extension"] is JsonArray extensions)
        {
            foreach (var own in extensions.OfType<JsonObject>().Where(e => (string?)e["url"] == StateUrl).ToList())
                extensions.Remove(own);
        }
        return copy;
    }
}
