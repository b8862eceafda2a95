using FhirPriorAuth.Fhir.Elements;
using FhirPriorAuth.Fhir.FhirPath.Values;
using FhirPriorAuth.Fhir.Model;

namespace FhirPriorAuth.Fhir.FhirPath.Functions;

/// <summary>Type functions (spec 5.10 / 6.3) and <c>conformsTo</c> against the core R4 profiles.</summary>
internal static class TypeFunctions
{
    private static readonly IReadOnlyList<object> Empty = [];
    private const string CoreProfilePrefix = "http://hl7.org/fhir/StructureDefinition/";

    public static void Register(Registry r)
    {
        r.Add("is", 1, 1, [ArgumentKind.Type], c => c.SingleInput() is { } item ? [ItemValues.IsOfType(item, c.TypeName(0))] : Empty, propagatesEmpty: true);
        r.Add("as", 1, 1, [ArgumentKind.Type], c => c.SingleInput() is { } item && ItemValues.IsOfType(item, c.TypeName(0), exactForPrimitives: true) ? [item] : Empty, propagatesEmpty: true);
        r.Add("type", 0, 0, c => c.Input.Select(i => (object)ItemValues.TypeOf(i)).ToList());
        r.Add("conformsTo", 1, 1, c =>
        {
            var url = c.StringArgument(0) ?? throw c.Error("needs a profile URL");
            if (c.SingleInput() is not ElementNode node) return [false];
            // Only the base resource profiles are known here; anything else cannot be checked.
            if (!url.StartsWith(CoreProfilePrefix, StringComparison.Ordinal) || R4Model.FindType(url[CoreProfilePrefix.Length..]) is null)
                throw c.Error($"profile '{url}' is not known");
            var type = url[CoreProfilePrefix.Length..];
            return [node.InstanceType is { } t && (t == type || R4Model.IsSubtypeOf(t, type))];
        });
    }
}
