namespace FhirPriorAuth.Fhir.Model;

/// <summary>What kind of thing a FHIR type is, as its StructureDefinition says.</summary>
public enum TypeKind
{
    PrimitiveType,
    ComplexType,
    Resource,
}

/// <summary>A FHIR R4 type: <c>string</c>, <c>HumanName</c>, <c>Patient</c>, ...</summary>
/// <param name="BaseType">The type it derives from (<c>DomainResource</c> for Patient), null for Base/Element roots.</param>
public sealed record FhirTypeInfo(string Name, TypeKind Kind, string? BaseType, bool IsAbstract);

/// <summary>
/// One element of a type, as the R4 StructureDefinitions define it.
/// <c>Path</c> is the definition path (<c>Observation.value[x]</c>, <c>Claim.item.productOrService</c>).
/// <c>Types</c> lists the allowed type codes; for a backbone element it is <c>BackboneElement</c> (or <c>Element</c>)
/// and children are looked up under <see cref="TypePath"/>.
/// </summary>
public sealed record ElementInfo(
    string Path,
    IReadOnlyList<string> Types,
    int Min,
    bool IsRepeating,
    string? ContentReference)
{
    /// <summary>The element's name without the choice suffix: <c>value</c> for <c>Observation.value[x]</c>.</summary>
    public string Name => Path[(Path.LastIndexOf('.') + 1)..].Replace("[x]", "", StringComparison.Ordinal);

    public bool IsChoice => Path.EndsWith("[x]", StringComparison.Ordinal);

    /// <summary>True for inline (backbone) elements, whose children live under a path rather than a type name.</summary>
    public bool IsBackbone => ContentReference is not null
        || (Types.Count == 1 && (Types[0] == "BackboneElement" || Types[0] == "Element") && !IsRootPath);

    private bool IsRootPath => !Path.Contains('.');

    /// <summary>Where this element's children are defined: a type name, or a backbone path such as <c>Claim.item</c>.</summary>
    public string? TypePath => ContentReference is { } r ? r.TrimStart('#')
        : IsBackbone ? Path
        : Types.Count == 1 ? Types[0]
        : null;
}
