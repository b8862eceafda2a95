using System.Globalization;
using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Model;

namespace FhirPriorAuth.Fhir.Elements;

/// <summary>
/// A typed, navigable view of one FHIR element over the lossless JSON (<see cref="JsonNode"/>) it came from.
/// The JSON stays the source of truth; this view adds names, FHIR types and locations, resolving choice
/// types (<c>valueQuantity</c> → element <c>value</c> of type <c>Quantity</c>) and merging a primitive with its
/// <c>_name</c> sibling (value and extensions). FHIRPath, validation and evidence extraction all read through it.
/// </summary>
public sealed class ElementNode
{
    private string? _location;

    // A resource root (even of an unknown type): its resourceType property is the type, not a child.
    private bool _isResourceRoot;

    /// <summary>The element name as defined (<c>value</c> for <c>valueQuantity</c>; the resource type at a resource root).</summary>
    public string Name { get; }

    /// <summary>The JSON property name it was read from (<c>valueQuantity</c>); the resource type at a root.</summary>
    public string JsonName { get; }

    /// <summary>The FHIR type (<c>Quantity</c>, <c>string</c>, <c>Patient</c>, <c>BackboneElement</c>); null when the model does not know the element.</summary>
    public string? InstanceType { get; }

    /// <summary>Where children are looked up in the model (a type name or a backbone path such as <c>Claim.item</c>).</summary>
    public string? TypePath { get; }

    /// <summary>The JSON value: an object for complex types and resources, a <see cref="JsonValue"/> for a primitive, null for a primitive that has only extensions.</summary>
    public JsonNode? Json { get; }

    /// <summary>For a primitive, its <c>_name</c> sibling (id and extensions), if any.</summary>
    public JsonObject? PrimitiveExtensions { get; }

    public ElementNode? Parent { get; }

    /// <summary>Index in its array, or -1 when the element is not repeating.</summary>
    public int Index { get; }

    /// <summary>A FHIRPath location such as <c>Patient.name[0].given[1]</c>; built on first use.</summary>
    public string Location => _location ??= BuildLocation();

    public bool IsResource => InstanceType is not null && R4Model.FindType(InstanceType)?.Kind == TypeKind.Resource;

    /// <summary>True for FHIR primitives (the JSON may still be null when only extensions are present).</summary>
    public bool IsPrimitive => InstanceType is not null && R4Model.FindType(InstanceType)?.Kind == TypeKind.PrimitiveType;

    internal ElementNode(string name, string jsonName, string? instanceType, string? typePath, JsonNode? json,
        JsonObject? primitiveExtensions, ElementNode? parent, int index, string? location = null)
    {
        Name = name; JsonName = jsonName; InstanceType = instanceType; TypePath = typePath; Json = json;
        PrimitiveExtensions = primitiveExtensions; Parent = parent; Index = index; _location = location;
    }

    /// <summary>A root node over a resource (its <c>resourceType</c> names the type).</summary>
    public static ElementNode FromResource(JsonObject resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var type = ResourceTypeOf(resource);
        var name = type ?? "Resource";
        return new ElementNode(name, name, type, type, resource, null, null, -1, name) { _isResourceRoot = true };
    }

    /// <summary>
    /// Children in document order; with a name, only those called so (choice elements answer to their defined name,
    /// e.g. <c>value</c>). Array elements come as one node each. For a primitive, the extensions and id from
    /// <c>_name</c> are its children. Contained resources and Bundle entry resources are resource roots.
    /// </summary>
    public IEnumerable<ElementNode> Children(string? name = null)
    {
        // A primitive's children (id, extension) live in its _name sibling; a complex element's in its own object.
        var obj = Json as JsonObject ?? (IsPrimitive ? PrimitiveExtensions : null);
        return obj is null || obj.Count == 0 ? [] : EnumerateChildren(obj, name);
    }

    private IEnumerable<ElementNode> EnumerateChildren(JsonObject obj, string? name)
    {
        var isResource = _isResourceRoot;
        // Most objects have no _name siblings; knowing that spares a string concatenation per property.
        var hasSiblings = false;
        foreach (var (key, _) in obj)
        {
            if (key.Length > 0 && key[0] == '_')
            {
                hasSiblings = true;
                break;
            }
        }
        foreach (var (key, value) in obj)
        {
            if (key.Length == 0 || (isResource && key == "resourceType")) continue;
            string jsonName;
            JsonNode? primary, extension;
            if (key[0] == '_')
            {
                jsonName = key[1..];
                // Merged into the primitive's own node when the value is present.
                if (obj.ContainsKey(jsonName)) continue;
                primary = null;
                extension = value;
            }
            else
            {
                jsonName = key;
                primary = value;
                extension = hasSiblings && obj.TryGetPropertyValue("_" + key, out var ext) ? ext : null;
            }
            // Choice names start with the element name, so a cheap prefix test skips most properties.
            if (name is not null && !jsonName.StartsWith(name, StringComparison.Ordinal)) continue;

            var found = TypePath is null ? null : R4Model.FindChild(TypePath, jsonName);
            var elementName = found?.Element.Name ?? jsonName;
            if (name is not null && elementName != name) continue;

            if (primary is JsonArray || extension is JsonArray)
            {
                var values = primary as JsonArray;
                var extensions = extension as JsonArray;
                var count = Math.Max(values?.Count ?? 0, extensions?.Count ?? 0);
                for (var i = 0; i < count; i++)
                {
                    var item = values is not null && i < values.Count ? values[i] : null;
                    var itemExt = extensions is not null && i < extensions.Count ? extensions[i] as JsonObject : null;
                    if (item is null && itemExt is null) continue;
                    yield return Create(found, elementName, jsonName, item, itemExt, i);
                }
            }
            else if (primary is not null || extension is JsonObject)
            {
                yield return Create(found, elementName, jsonName, primary, extension as JsonObject, -1);
            }
        }
    }

    private ElementNode Create((ElementInfo Element, string Type)? found, string name, string jsonName,
        JsonNode? json, JsonObject? extensions, int index)
    {
        if (found is not { } f)
            return new ElementNode(name, jsonName, null, null, json, extensions, this, index);
        var type = f.Type;
        var typePath = f.Element.IsBackbone ? f.Element.TypePath : type;
        // An element typed Resource (contained, Bundle.entry.resource, Parameters.parameter.resource) holds a
        // resource root typed by its own resourceType.
        if (json is JsonObject o && R4Model.FindType(type)?.Kind == TypeKind.Resource)
        {
            var resourceType = ResourceTypeOf(o);
            return new ElementNode(name, jsonName, resourceType, resourceType, json, null, this, index) { _isResourceRoot = true };
        }
        return new ElementNode(name, jsonName, type, typePath, json, extensions, this, index);
    }

    private static string? ResourceTypeOf(JsonObject o) =>
        o.TryGetPropertyValue("resourceType", out var rt) && rt is JsonValue v && v.TryGetValue<string>(out var s)
            && R4Model.FindType(s)?.Kind == TypeKind.Resource
            ? s : null;

    // Reuses (and so caches) the parent's location: siblings share the prefix work.
    private string BuildLocation()
    {
        var prefix = Parent is { } p ? p.Location + "." : "";
        return Index >= 0
            ? string.Create(CultureInfo.InvariantCulture, $"{prefix}{Name}[{Index}]")
            : prefix + Name;
    }
}
