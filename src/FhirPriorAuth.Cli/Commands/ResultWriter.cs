using System.Text.Json;
using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Elements;
using FhirPriorAuth.Fhir.FhirPath.Values;

namespace FhirPriorAuth.Cli.Commands;

/// <summary>Renders a FHIRPath result collection as typed JSON (see <c>fpa fhirpath eval --help</c>).</summary>
internal static class ResultWriter
{
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static JsonArray ToJson(IReadOnlyList<object> items) => new(items.Select(ToJson).ToArray<JsonNode?>());

    private static JsonObject ToJson(object item) => item switch
    {
        ElementNode node => new JsonObject
        {
            ["type"] = "FHIR." + (node.InstanceType ?? node.Name),
            ["path"] = node.Location,
            ["value"] = node.Json?.DeepClone(),
        },
        bool b => Typed("Boolean", JsonValue.Create(b)),
        string s => Typed("String", JsonValue.Create(s)),
        int i => Typed("Integer", JsonValue.Create(i)),
        long l => Typed("Long", JsonValue.Create(l)),
        decimal d => Typed("Decimal", JsonValue.Create(d)),
        PartialDateTime p => Typed(ItemValues.SystemTypeName(p)!, JsonValue.Create(p.ToString())),
        Quantity q => Typed("Quantity", new JsonObject { ["value"] = q.Value, ["unit"] = q.Unit }),
        TypeSpecifier t => Typed("TypeInfo", new JsonObject { ["namespace"] = t.Namespace, ["name"] = t.Name }),
        _ => Typed("Unknown", JsonValue.Create(item.ToString())),
    };

    private static JsonObject Typed(string type, JsonNode? value) => new() { ["type"] = "System." + type, ["value"] = value };
}
