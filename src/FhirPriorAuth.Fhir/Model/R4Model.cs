using System.Collections.Concurrent;

namespace FhirPriorAuth.Fhir.Model;

/// <summary>
/// The R4 (4.0.1) type model: which types exist, and for each type (or backbone path) which elements it has.
/// Backed by a table generated from the R4 StructureDefinitions (see tools/ModelGen); nothing is reflected at run time.
/// </summary>
public static partial class R4Model
{
    /// <summary>The FHIR version this model describes.</summary>
    public const string FhirVersion = "4.0.1";

    /// <summary>The embedded generated table's resource name (also compared by the staleness test).</summary>
    internal const string TableResourceName = "FhirPriorAuth.Fhir.r4-model.tsv";

    // Per type or backbone path: all elements (inherited first) and a JSON-name index. Built on first use.
    private static readonly ConcurrentDictionary<string, ResolvedType> Resolved = new(StringComparer.Ordinal);

    /// <summary>A type by name (<c>Patient</c>, <c>HumanName</c>, <c>string</c>), or null.</summary>
    public static FhirTypeInfo? FindType(string name) =>
        ModelTable.Instance.Types.GetValueOrDefault(name);

    /// <summary>Every type the model knows (primitive, complex and resource), in definition order.</summary>
    public static IReadOnlyCollection<FhirTypeInfo> AllTypes => ModelTable.Instance.Types.Values;

    /// <summary>True for a concrete (non-abstract) resource type such as <c>Patient</c>.</summary>
    public static bool IsConcreteResource(string name) =>
        FindType(name) is { Kind: TypeKind.Resource, IsAbstract: false };

    /// <summary>
    /// The child element called <paramref name="jsonName"/> of a type or backbone path
    /// (<c>FindChild("Observation", "valueQuantity")</c> gives <c>Observation.value[x]</c> and chosen type <c>Quantity</c>;
    /// <c>FindChild("Claim.item", "sequence")</c> gives <c>Claim.item.sequence</c> and <c>positiveInt</c>).
    /// Inherited elements (id, extension, meta, text, ...) are found too. Null when there is no such element.
    /// </summary>
    public static (ElementInfo Element, string Type)? FindChild(string typePath, string jsonName) =>
        Resolve(typePath).ByJsonName.TryGetValue(jsonName, out var hit) ? hit : null;

    /// <summary>
    /// An element by its defined name, as FHIRPath spells it (<c>value</c> finds <c>Observation.value[x]</c>), or null.
    /// </summary>
    public static ElementInfo? FindElement(string typePath, string name) =>
        Resolve(typePath).ByName.GetValueOrDefault(name);

    /// <summary>Every element declared directly on a type or backbone path, plus the inherited ones, in definition order.</summary>
    public static IReadOnlyList<ElementInfo> ElementsOf(string typePath) => Resolve(typePath).Elements;

    /// <summary>True when <paramref name="type"/> is <paramref name="ancestor"/> or derives from it (Patient → DomainResource → Resource).</summary>
    public static bool IsSubtypeOf(string type, string ancestor)
    {
        for (var t = FindType(type); t is not null; t = t.BaseType is { } b ? FindType(b) : null)
            if (t.Name == ancestor) return true;
        return false;
    }

    private static ResolvedType Resolve(string typePath) =>
        Resolved.TryGetValue(typePath, out var r) ? r : Resolved.GetOrAdd(typePath, Build);

    private static ResolvedType Build(string typePath)
    {
        var table = ModelTable.Instance;
        var elements = new List<ElementInfo>();
        // Inherited elements come from the base type (for a type) or from BackboneElement/Element (for a backbone path).
        string? inheritFrom = table.Types.TryGetValue(typePath, out var type) ? type.BaseType
            : table.ByPath.TryGetValue(typePath, out var owner) ? BackboneBase(owner, table)
            : null;
        if (inheritFrom is not null)
            foreach (var inherited in ElementsOf(inheritFrom))
                elements.Add(Rebase(inherited, typePath));
        if (table.ChildrenOf.TryGetValue(typePath, out var own))
            elements.AddRange(own);

        var byJsonName = new Dictionary<string, (ElementInfo, string)>(StringComparer.Ordinal);
        foreach (var e in elements)
        {
            if (e.IsChoice)
            {
                foreach (var t in e.Types)
                    byJsonName[e.Name + char.ToUpperInvariant(t[0]) + t[1..]] = (e, t);
            }
            else
            {
                byJsonName[e.Name] = (e, ElementType(e, table));
            }
        }
        var byName = new Dictionary<string, ElementInfo>(StringComparer.Ordinal);
        foreach (var e in elements) byName[e.Name] = e;
        return new ResolvedType(elements, byJsonName, byName);
    }

    // The type of a single-typed element; a contentReference borrows the referenced element's type.
    private static string ElementType(ElementInfo e, ModelTable table)
    {
        if (e.Types.Count > 0) return e.Types[0];
        return e.ContentReference is { } r && table.ByPath.TryGetValue(r.TrimStart('#'), out var target) && target.Types.Count > 0
            ? target.Types[0]
            : "BackboneElement";
    }

    private static string BackboneBase(ElementInfo owner, ModelTable table) => ElementType(owner, table);

    // Inherited elements are reported under the inheriting path (Patient.id, not Resource.id), as the snapshots do.
    // Backbone elements keep their defining path, because that is where their children are listed.
    private static ElementInfo Rebase(ElementInfo e, string typePath) =>
        e.IsBackbone ? e : e with { Path = typePath + e.Path[e.Path.LastIndexOf('.')..] };

    private sealed record ResolvedType(IReadOnlyList<ElementInfo> Elements,
        Dictionary<string, (ElementInfo, string)> ByJsonName, Dictionary<string, ElementInfo> ByName);
}
