namespace FhirPriorAuth.Fhir.Model;

/// <summary>
/// The R4 (4.0.1) type model: which types exist, and for each type (or backbone path) which elements it has.
/// Backed by a table generated from the R4 StructureDefinitions (see tools/ModelGen); nothing is reflected at run time.
/// </summary>
public static partial class R4Model
{
    /// <summary>The FHIR version this model describes.</summary>
    public const string FhirVersion = "4.0.1";

    /// <summary>A type by name (<c>Patient</c>, <c>HumanName</c>, <c>string</c>), or null.</summary>
    public static FhirTypeInfo? FindType(string name) => throw new NotImplementedException();

    /// <summary>
    /// The child element called <paramref name="jsonName"/> of a type or backbone path
    /// (<c>FindChild("Observation", "valueQuantity")</c> gives <c>Observation.value[x]</c> and chosen type <c>Quantity</c>;
    /// <c>FindChild("Claim.item", "sequence")</c> gives <c>Claim.item.sequence</c> and <c>positiveInt</c>).
    /// Inherited elements (id, extension, meta, text, ...) are found too. Null when there is no such element.
    /// </summary>
    public static (ElementInfo Element, string Type)? FindChild(string typePath, string jsonName) => throw new NotImplementedException();

    /// <summary>Every element declared directly on a type or backbone path, plus the inherited ones, in definition order.</summary>
    public static IReadOnlyList<ElementInfo> ElementsOf(string typePath) => throw new NotImplementedException();

    /// <summary>True when <paramref name="type"/> is <paramref name="ancestor"/> or derives from it (Patient → DomainResource → Resource).</summary>
    public static bool IsSubtypeOf(string type, string ancestor) => throw new NotImplementedException();
}
