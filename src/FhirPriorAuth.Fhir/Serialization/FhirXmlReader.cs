using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using FhirPriorAuth.Fhir.Model;

namespace FhirPriorAuth.Fhir.Serialization;

/// <summary>
/// Reads FHIR R4 XML into the FHIR JSON shape (a <see cref="JsonObject"/>), so XML-only fixtures such as the official
/// FHIRPath test inputs can be fed to <see cref="Elements.ElementNode"/>. The R4 model says which elements repeat and
/// which primitives are JSON numbers or booleans. Covers what resources use: <c>value</c> attributes, <c>id</c> and
/// extension <c>url</c> attributes, primitive extensions (<c>_name</c>), the xhtml <c>div</c> (kept as a string) and
/// resource wrappers (<c>contained</c>, <c>entry.resource</c>). Not a validating parser: unknown elements are kept as strings.
/// </summary>
public static class FhirXmlReader
{
    private const string XhtmlNamespace = "http://www.w3.org/1999/xhtml";

    public static JsonObject Read(string xml)
    {
        var doc = XDocument.Parse(xml, LoadOptions.None);
        return ReadResource(doc.Root ?? throw new FormatException("the XML document is empty"));
    }

    public static JsonObject ReadFile(string path)
    {
        using var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        return ReadResource(XDocument.Load(reader).Root ?? throw new FormatException($"{path} is empty"));
    }

    private static JsonObject ReadResource(XElement element)
    {
        var type = element.Name.LocalName;
        var obj = new JsonObject { ["resourceType"] = type };
        ReadInto(obj, element, type);
        return obj;
    }

    /// <summary>Fills <paramref name="obj"/> with the children of a complex element whose model type/path is <paramref name="typePath"/>.</summary>
    private static void ReadInto(JsonObject obj, XElement element, string typePath)
    {
        foreach (var attribute in element.Attributes())
        {
            if (attribute.IsNamespaceDeclaration) continue;
            if (attribute.Name.LocalName is "id" or "url") obj[attribute.Name.LocalName] = attribute.Value;
        }

        // Values and primitive-extension objects per property, in first-seen order, so arrays stay aligned.
        var order = new List<string>();
        var values = new Dictionary<string, List<JsonNode?>>(StringComparer.Ordinal);
        var extras = new Dictionary<string, List<JsonObject?>>(StringComparer.Ordinal);
        var repeating = new Dictionary<string, bool>(StringComparer.Ordinal);

        foreach (var child in element.Elements())
        {
            var name = child.Name.LocalName;
            if (!values.ContainsKey(name))
            {
                order.Add(name);
                values[name] = [];
                extras[name] = [];
            }
            if (child.Name.NamespaceName == XhtmlNamespace)
            {
                values[name].Add(JsonValue.Create(child.ToString(SaveOptions.DisableFormatting)));
                extras[name].Add(null);
                repeating[name] = false;
                continue;
            }
            var found = R4Model.FindChild(typePath, name);
            repeating[name] = found?.Element.IsRepeating ?? false;
            var (value, extra) = ReadElement(child, found);
            values[name].Add(value);
            extras[name].Add(extra);
        }

        foreach (var name in order)
        {
            var vs = values[name];
            var xs = extras[name];
            var hasValues = vs.Any(v => v is not null);
            var hasExtras = xs.Any(x => x is not null);
            if (repeating[name] || vs.Count > 1)
            {
                if (hasValues) obj[name] = new JsonArray(vs.Select(v => v?.DeepClone()).ToArray());
                if (hasExtras) obj["_" + name] = new JsonArray(xs.Select(x => (JsonNode?)x).ToArray());
            }
            else
            {
                if (hasValues) obj[name] = vs[0];
                if (hasExtras) obj["_" + name] = xs[0];
            }
        }
    }

    /// <summary>One element: a JSON value (or object) and, for primitives, the <c>_name</c> object holding id/extensions.</summary>
    private static (JsonNode? Value, JsonObject? Extra) ReadElement(XElement child, (ElementInfo Element, string Type)? found)
    {
        if (found is not { } f)
        {
            // Unknown to the model: keep a value attribute as a string, otherwise read it as an untyped object.
            if (child.Attribute("value") is { } raw && !child.HasElements) return (JsonValue.Create(raw.Value), null);
            var unknown = new JsonObject();
            ReadInto(unknown, child, "Element");
            return (unknown, null);
        }
        var typeInfo = R4Model.FindType(f.Type);
        if (typeInfo?.Kind == TypeKind.Resource)
        {
            var inner = child.Elements().FirstOrDefault();
            return (inner is null ? null : ReadResource(inner), null);
        }
        if (typeInfo?.Kind == TypeKind.PrimitiveType)
        {
            JsonNode? value = child.Attribute("value") is { } v ? Primitive(f.Type, v.Value) : null;
            JsonObject? extra = null;
            if (child.Attribute("id") is not null || child.HasElements)
            {
                extra = new JsonObject();
                ReadInto(extra, child, "Element");
            }
            return (value, extra);
        }
        var obj = new JsonObject();
        ReadInto(obj, child, f.Element.IsBackbone ? f.Element.TypePath ?? f.Type : f.Type);
        return (obj, null);
    }

    /// <summary>FHIR JSON writes booleans and numbers unquoted; decimals keep their written precision.</summary>
    private static JsonNode Primitive(string type, string text) => type switch
    {
        "boolean" when text is "true" or "false" => JsonValue.Create(text == "true"),
        "integer" or "positiveInt" or "unsignedInt" when int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) => JsonValue.Create(i),
        "decimal" when decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
        _ => JsonValue.Create(text),
    };
}
