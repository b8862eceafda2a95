using System.Text.Json.Nodes;

namespace FhirPriorAuth.Fhir.Resources;

/// <summary>
/// Base of the thin typed wrappers: properties read and write the underlying <see cref="JsonObject"/> directly,
/// so nothing is copied and unknown content (profile extensions) survives untouched.
/// </summary>
public abstract class JsonWrapper(JsonObject json)
{
    public JsonObject Json { get; } = json ?? throw new ArgumentNullException(nameof(json));

    protected string? GetString(string name) =>
        Json.TryGetPropertyValue(name, out var v) && v is JsonValue jv && jv.TryGetValue<string>(out var s) ? s : null;

    /// <summary>Sets a string property; null removes it (FHIR JSON has no nulls).</summary>
    protected void SetString(string name, string? value)
    {
        if (value is null) Json.Remove(name);
        else Json[name] = value;
    }

    protected JsonObject? GetObject(string name) => Json.TryGetPropertyValue(name, out var v) ? v as JsonObject : null;

    protected void SetObject(string name, JsonObject? value)
    {
        if (value is null) Json.Remove(name);
        else Json[name] = value;
    }

    /// <summary>The <c>reference</c> of a Reference-typed element.</summary>
    protected string? GetReference(string name) =>
        GetObject(name) is { } r && r.TryGetPropertyValue("reference", out var v) && v is JsonValue jv
            && jv.TryGetValue<string>(out var s) ? s : null;

    protected void SetReference(string name, string? reference) =>
        SetObject(name, reference is null ? null : new JsonObject { ["reference"] = reference });

    /// <summary>The objects of a repeating element (missing → empty).</summary>
    protected IEnumerable<JsonObject> GetObjects(string name) =>
        Json.TryGetPropertyValue(name, out var v) && v is JsonArray a ? a.OfType<JsonObject>() : [];

    /// <summary>The array of a repeating element, created when absent.</summary>
    protected JsonArray GetOrAddArray(string name)
    {
        if (Json.TryGetPropertyValue(name, out var v) && v is JsonArray a) return a;
        var created = new JsonArray();
        Json[name] = created;
        return created;
    }
}

/// <summary>Any resource: <c>resourceType</c> and <c>id</c>.</summary>
public class Resource : JsonWrapper
{
    public Resource(JsonObject json) : base(json) { }

    protected Resource(string resourceType) : base(new JsonObject { ["resourceType"] = resourceType }) { }

    public string? ResourceType => GetString("resourceType");

    public string? Id
    {
        get => GetString("id");
        set => SetString("id", value);
    }

    /// <summary>Checks that <paramref name="json"/> is a <paramref name="resourceType"/> before wrapping it.</summary>
    protected static JsonObject Expect(JsonObject json, string resourceType)
    {
        ArgumentNullException.ThrowIfNull(json);
        return json.TryGetPropertyValue("resourceType", out var rt) && rt is JsonValue v
            && v.TryGetValue<string>(out var s) && s == resourceType
            ? json
            : throw new ArgumentException($"expected a {resourceType} resource", nameof(json));
    }
}
