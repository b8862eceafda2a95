using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Elements;
using FhirPriorAuth.Fhir.Model;

namespace FhirPriorAuth.Fhir.FhirPath.Values;

/// <summary>
/// Reading collection items: an item is either a FHIR element (<see cref="ElementNode"/>) or a FHIRPath system value
/// (bool, string, int, long, decimal, <see cref="PartialDateTime"/>, <see cref="Quantity"/>, <see cref="TypeSpecifier"/>).
/// FHIR primitives take part in operators through their system value.
/// </summary>
public static class ItemValues
{
    internal static readonly HashSet<string> IntegerTypes = new(StringComparer.Ordinal) { "integer", "positiveInt", "unsignedInt" };

    /// <summary>
    /// The system value of a FHIR primitive element (<c>birthDate</c> → Date), the item itself for system values,
    /// and null for a primitive without a value or for a complex element.
    /// </summary>
    public static object? ToSystemValue(object item)
    {
        if (item is not ElementNode node) return item;
        if (node.Json is not JsonValue json) return null;
        return PrimitiveValue(node.InstanceType, json);
    }

    /// <summary>Converts a JSON primitive by its FHIR type; unknown types follow the JSON kind.</summary>
    public static object? PrimitiveValue(string? fhirType, JsonValue json)
    {
        var kind = json.GetValueKind();
        switch (kind)
        {
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            case JsonValueKind.Number:
            {
                var raw = json.ToJsonString();
                if (fhirType is not null && IntegerTypes.Contains(fhirType) && int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i)) return i;
                if (fhirType == "integer64" && long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
                if (fhirType is null && int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var j)) return j;
                return decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
            }
            case JsonValueKind.String:
            {
                var s = json.GetValue<string>();
                return fhirType switch
                {
                    "date" => (object?)PartialDateTime.ParseDate(s) ?? PartialDateTime.ParseDateTime(s) ?? (object)s,
                    "dateTime" or "instant" => (object?)PartialDateTime.ParseDateTime(s) ?? s,
                    "time" => (object?)PartialDateTime.ParseTime(s) ?? s,
                    "integer64" => long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : s,
                    "decimal" => decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : s,
                    _ => s,
                };
            }
            default: return null;
        }
    }

    /// <summary>The FHIR quantity types that act as System.Quantity in comparisons.</summary>
    private static readonly HashSet<string> QuantityTypes = new(StringComparer.Ordinal)
        { "Quantity", "Age", "Duration", "Distance", "Count", "MoneyQuantity", "SimpleQuantity" };

    /// <summary>
    /// The value operators work on: a system value for primitives, a <see cref="Quantity"/> for FHIR Quantity elements
    /// (UCUM <c>code</c> preferred over the display <c>unit</c>), the node itself for other complex elements.
    /// </summary>
    public static object? ToOperand(object item)
    {
        if (item is not ElementNode node) return item;
        if (node.Json is JsonValue json) return PrimitiveValue(node.InstanceType, json);
        if (node.InstanceType is { } t && QuantityTypes.Contains(t) && node.Json is JsonObject obj) return ToQuantity(obj);
        return node.Json is null ? null : node;
    }

    internal static Quantity? ToQuantity(JsonObject obj)
    {
        if (obj["value"] is not JsonValue v || PrimitiveValue("decimal", v) is not decimal value) return null;
        var system = (obj["system"] as JsonValue)?.ToString();
        var code = (obj["code"] as JsonValue)?.ToString();
        var unit = (obj["unit"] as JsonValue)?.ToString();
        var chosen = system == "http://unitsofmeasure.org" && code is not null ? code : code ?? unit ?? "1";
        // UCUM codes stay UCUM ('a' is not a calendar year); a bare "years"/"days" unit text is read as the calendar keyword.
        return Quantity.Create(value, chosen);
    }

    /// <summary>The system type name of a system value (<c>Integer</c>, <c>String</c>, ...).</summary>
    public static string? SystemTypeName(object value) => value switch
    {
        bool => "Boolean",
        string => "String",
        int => "Integer",
        long => "Long",
        decimal => "Decimal",
        PartialDateTime p => p.Kind switch { TemporalKind.Date => "Date", TemporalKind.DateTime => "DateTime", _ => "Time" },
        Quantity => "Quantity",
        _ => null,
    };

    /// <summary>What <c>type()</c> reports for an item.</summary>
    public static TypeSpecifier TypeOf(object item) => item switch
    {
        ElementNode node => new TypeSpecifier("FHIR", node.InstanceType ?? node.Name),
        TypeSpecifier => new TypeSpecifier("System", "Object"),
        _ => new TypeSpecifier("System", SystemTypeName(item) ?? "Any"),
    };

    private static readonly HashSet<string> SystemTypes = new(StringComparer.Ordinal)
        { "Boolean", "String", "Integer", "Long", "Decimal", "Date", "DateTime", "Time", "Quantity" };

    /// <summary>
    /// <c>is</c>: FHIR elements match their FHIR type and its ancestors (unqualified or <c>FHIR.</c>-qualified names);
    /// system values match their system type (unqualified or <c>System.</c>-qualified).
    /// </summary>
    public static bool IsOfType(object item, string typeName, bool exactForPrimitives = false)
    {
        string? ns = null;
        var name = typeName;
        var dot = typeName.IndexOf('.');
        if (dot > 0) { ns = typeName[..dot]; name = typeName[(dot + 1)..]; }
        if (item is ElementNode node)
        {
            // A FHIR boolean is FHIR.boolean, not System.Boolean: the namespaces are distinct type systems.
            if (ns is not null && ns != "FHIR") return false;
            var t = node.InstanceType;
            if (t is null) return false;
            if (t == name) return true;
            // as()/ofType() treat FHIR primitives exactly (a code is not cast to string); is() follows inheritance.
            if (exactForPrimitives && node.IsPrimitive) return false;
            return R4Model.FindType(name) is not null && R4Model.IsSubtypeOf(t, name);
        }
        if (ns == "FHIR") return false;
        if (name == "Any" || name == "Object") return true;
        return SystemTypes.Contains(name) && SystemTypeName(item) == name;
    }

    /// <summary>True for a name the type operators can resolve: a system type or a type in the R4 model.</summary>
    public static bool IsKnownType(string typeName)
    {
        var dot = typeName.IndexOf('.');
        var ns = dot > 0 ? typeName[..dot] : null;
        var name = dot > 0 ? typeName[(dot + 1)..] : typeName;
        if (ns is not null && ns != "System" && ns != "FHIR") return false;
        // Any System-qualified name is accepted (it simply matches nothing unless it is a system type).
        if (ns == "System" || SystemTypes.Contains(name) || name is "Any" or "Object") return true;
        return R4Model.FindType(name) is not null;
    }
}
