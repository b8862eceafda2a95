using System.Text.Json.Nodes;

namespace FhirPriorAuth.Fhir.Elements;

/// <summary>
/// A typed, navigable view of one FHIR element over the lossless JSON (<see cref="JsonNode"/>) it came from.
/// The JSON stays the source of truth; this view adds names, FHIR types and locations, resolving choice
/// types (<c>valueQuantity</c> → element <c>value</c> of type <c>Quantity</c>) and merging a primitive with its
/// <c>_name</c> sibling (value and extensions). FHIRPath, validation and evidence extraction all read through it.
/// </summary>
public sealed class ElementNode
{
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

    /// <summary>A FHIRPath location such as <c>Patient.name[0].given[1]</c>.</summary>
    public string Location { get; }

    public bool IsResource => InstanceType is not null && Model.R4Model.FindType(InstanceType)?.Kind == Model.TypeKind.Resource;

    /// <summary>True for FHIR primitives (the JSON may still be null when only extensions are present).</summary>
    public bool IsPrimitive => InstanceType is not null && Model.R4Model.FindType(InstanceType)?.Kind == Model.TypeKind.PrimitiveType;

    internal ElementNode(string name, string jsonName, string? instanceType, string? typePath, JsonNode? json,
        JsonObject? primitiveExtensions, ElementNode? parent, int index, string location)
    {
        Name = name; JsonName = jsonName; InstanceType = instanceType; TypePath = typePath; Json = json;
        PrimitiveExtensions = primitiveExtensions; Parent = parent; Index = index; Location = location;
    }

    /// <summary>A root node over a resource (its <c>resourceType</c> names the type).</summary>
    public static ElementNode FromResource(JsonObject resource) => throw new NotImplementedException();

    /// <summary>
    /// Children in document order; with a name, only those called so (choice elements answer to their defined name,
    /// e.g. <c>value</c>). Array elements come as one node each. For a primitive, the extensions and id from
    /// <c>_name</c> are its children. Contained resources and Bundle entry resources are resource roots.
    /// </summary>
    public IEnumerable<ElementNode> Children(string? name = null) => throw new NotImplementedException();
}
