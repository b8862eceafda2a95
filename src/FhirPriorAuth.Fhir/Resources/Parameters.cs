using System.Text.Json.Nodes;

namespace FhirPriorAuth.Fhir.Resources;

/// <summary>Parameters (operation input and output).</summary>
public sealed class Parameters : Resource
{
    public Parameters(JsonObject json) : base(Expect(json, "Parameters")) { }

    public static Parameters Create() => new(new JsonObject { ["resourceType"] = "Parameters" });

    public IEnumerable<Parameter> All => GetObjects("parameter").Select(p => new Parameter(p));

    /// <summary>The parameters called <paramref name="name"/>.</summary>
    public IEnumerable<Parameter> Get(string name) => All.Where(p => p.Name == name);

    public Parameter AddResource(string name, JsonObject resource) =>
        Add(new JsonObject { ["name"] = name, ["resource"] = resource });

    /// <summary>Adds a value parameter; <paramref name="type"/> is the FHIR type (<c>string</c> → <c>valueString</c>).</summary>
    public Parameter AddValue(string name, string type, JsonNode value) =>
        Add(new JsonObject { ["name"] = name, [Parameter.ValuePrefix + char.ToUpperInvariant(type[0]) + type[1..]] = value });

    private Parameter Add(JsonObject parameter)
    {
        GetOrAddArray("parameter").Add(parameter);
        return new Parameter(parameter);
    }
}

/// <summary>One Parameters.parameter (or part).</summary>
public sealed class Parameter(JsonObject json) : JsonWrapper(json)
{
    internal const string ValuePrefix = "value";

    public string? Name => GetString("name");

    public JsonObject? Resource => GetObject("resource");

    /// <summary>The value[x] as (type suffix, JSON), e.g. ("String", "abc"); null when there is none.</summary>
    public (string TypeSuffix, JsonNode? Value)? Value
    {
        get
        {
            foreach (var (key, v) in Json)
                if (key.Length > ValuePrefix.Length && key.StartsWith(ValuePrefix, StringComparison.Ordinal) && char.IsUpper(key[ValuePrefix.Length]))
                    return (key[ValuePrefix.Length..], v);
            return null;
        }
    }

    public IEnumerable<Parameter> Parts => GetObjects("part").Select(p => new Parameter(p));
}
