using System.Text.Json.Nodes;

namespace FhirPriorAuth.Server.FhirApi.Capabilities;

/// <summary>
/// Collects what features declare and renders <c>CapabilityStatement.rest[0]</c>. Entries keep the order in
/// which they were added, so the statement is stable between calls.
/// </summary>
public sealed class CapabilityStatementBuilder
{
    private readonly List<(string Name, string Definition)> _systemOperations = [];
    private readonly List<ResourceCapability> _resources = [];
    private readonly List<string> _securityNotes = [];

    /// <summary>A system-level operation such as <c>$validate</c> on <c>/fhir</c>.</summary>
    public CapabilityStatementBuilder AddSystemOperation(string name, string definition)
    {
        _systemOperations.Add((name, definition));
        return this;
    }

    /// <summary>The entry for a resource type, created on first use so several features can add to it.</summary>
    public ResourceCapability Resource(string type)
    {
        var existing = _resources.Find(r => r.Type == type);
        if (existing is not null)
            return existing;
        var created = new ResourceCapability(type);
        _resources.Add(created);
        return created;
    }

    /// <summary>A sentence for <c>rest.security.description</c>.</summary>
    public CapabilityStatementBuilder AddSecurityNote(string description)
    {
        _securityNotes.Add(description);
        return this;
    }

    internal JsonObject BuildRest()
    {
        var rest = new JsonObject { ["mode"] = "server" };
        if (_securityNotes.Count > 0)
            rest["security"] = new JsonObject { ["description"] = string.Join(" ", _securityNotes) };
        if (_resources.Count > 0)
            rest["resource"] = new JsonArray([.. _resources.Select(r => (JsonNode)r.Build())]);
        if (_systemOperations.Count > 0)
            rest["operation"] = new JsonArray([.. _systemOperations.Select(o => (JsonNode)Operation(o.Name, o.Definition))]);
        return rest;
    }

    internal static JsonObject Operation(string name, string definition) =>
        new() { ["name"] = name, ["definition"] = definition };
}

/// <summary>One <c>rest.resource</c> entry: interactions (read, create, ...) and type-level operations.</summary>
public sealed class ResourceCapability(string type)
{
    private readonly List<string> _interactions = [];
    private readonly List<(string Name, string Definition)> _operations = [];
    private readonly List<(string Name, string Type)> _searchParams = [];
    private readonly List<JsonObject> _extensions = [];

    public string Type { get; } = type;

    public ResourceCapability AddInteraction(string code)
    {
        if (!_interactions.Contains(code))
            _interactions.Add(code);
        return this;
    }

    /// <summary>A supported search parameter (<c>rest.resource.searchParam</c>); <paramref name="type"/> is its SearchParamType code.</summary>
    public ResourceCapability AddSearchParam(string name, string type)
    {
        if (!_searchParams.Exists(p => p.Name == name))
            _searchParams.Add((name, type));
        return this;
    }

    /// <summary>An extension on the entry (e.g. the Subscriptions Backport topic canonical on Subscription).</summary>
    public ResourceCapability AddExtension(string url, string valueKey, string value)
    {
        _extensions.Add(new JsonObject { ["url"] = url, [valueKey] = value });
        return this;
    }

    public ResourceCapability AddOperation(string name, string definition)
    {
        _operations.Add((name, definition));
        return this;
    }

    internal JsonObject Build()
    {
        var resource = new JsonObject();
        if (_extensions.Count > 0)
            resource["extension"] = new JsonArray([.. _extensions.Select(e => (JsonNode)e.DeepClone())]);
        resource["type"] = Type;
        if (_interactions.Count > 0)
            resource["interaction"] = new JsonArray([.. _interactions.Select(c => (JsonNode)new JsonObject { ["code"] = c })]);
        if (_searchParams.Count > 0)
            resource["searchParam"] = new JsonArray([.. _searchParams.Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["type"] = p.Type })]);
        if (_operations.Count > 0)
            resource["operation"] = new JsonArray([.. _operations.Select(o => (JsonNode)CapabilityStatementBuilder.Operation(o.Name, o.Definition))]);
        return resource;
    }
}
