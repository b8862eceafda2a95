using System.Text.Json.Nodes;

namespace FhirPriorAuth.Fhir.Resources;

/// <summary>A server CapabilityStatement being assembled (one server-mode rest entry).</summary>
public sealed class CapabilityStatement : Resource
{
    public CapabilityStatement(JsonObject json) : base(Expect(json, "CapabilityStatement")) { }

    public static CapabilityStatement Create(string date, string status = "active") => new(new JsonObject
    {
        ["resourceType"] = "CapabilityStatement",
        ["status"] = status,
        ["date"] = date,
        ["kind"] = "instance",
        ["fhirVersion"] = Model.R4Model.FhirVersion,
        ["format"] = new JsonArray("json"),
        ["rest"] = new JsonArray(new JsonObject { ["mode"] = "server" }),
    });

    public string? Status { get => GetString("status"); set => SetString("status", value); }
    public string? FhirVersion => GetString("fhirVersion");

    /// <summary>rest[0] (server mode), created when absent.</summary>
    public JsonObject ServerRest
    {
        get
        {
            var rest = GetOrAddArray("rest");
            if (rest.Count > 0 && rest[0] is JsonObject o) return o;
            var created = new JsonObject { ["mode"] = "server" };
            rest.Insert(0, created);
            return created;
        }
    }

    /// <summary>Declares a resource type with its interactions (read, search-type, create, ...).</summary>
    public JsonObject AddResource(string type, params string[] interactions)
    {
        var resource = new JsonObject { ["type"] = type };
        if (interactions.Length > 0)
            resource["interaction"] = new JsonArray(interactions.Select(i => (JsonNode)new JsonObject { ["code"] = i }).ToArray());
        ArrayOf(ServerRest, "resource").Add(resource);
        return resource;
    }

    /// <summary>Declares a system-level operation such as <c>$submit</c> on the server.</summary>
    public JsonObject AddOperation(string name, string definition)
    {
        var operation = new JsonObject { ["name"] = name, ["definition"] = definition };
        ArrayOf(ServerRest, "operation").Add(operation);
        return operation;
    }

    private static JsonArray ArrayOf(JsonObject owner, string name)
    {
        if (owner[name] is JsonArray a) return a;
        var created = new JsonArray();
        owner[name] = created;
        return created;
    }
}
