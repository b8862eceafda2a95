using System.Globalization;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Storage;

namespace FhirPriorAuth.Server.Audit;

/// <summary>
/// The append-only audit trail: each record is a FHIR AuditEvent stored through <see cref="IResourceOperations"/>
/// (durable in SQLite or PostgreSQL like everything else) and never updated or deleted by the server. Search tokens:
/// <c>audit-kind</c> (the operation), <c>agent</c> (client id), <c>authorization-number</c>, <c>outcome</c>.
/// </summary>
public static class AuditTrail
{
    public const string ResourceType = "AuditEvent";
    public const string OperationSystem = "http://fhirpriorauth.example.org/fhir/CodeSystem/audit-operation";
    public const string ClientIdSystem = "urn:ietf:params:oauth:client-id";
    public const string NpiSystem = "http://hl7.org/fhir/sid/us-npi";

    public static Task<StoredResource> RecordAsync(IResourceOperations operations, AuditEntry entry, CancellationToken ct)
    {
        var auditEvent = Build(entry);
        var tokens = new List<SearchToken>
        {
            new("audit-kind", null, entry.Operation),
            new("agent", ClientIdSystem, entry.Client),
            new("outcome", null, Outcome(entry.StatusCode)),
        };
        foreach (var identifier in entry.Identifiers.Where(i => i.System == Pas.PasCodes.AuthorizationNumberSystem))
            tokens.Add(new("authorization-number", identifier.System, identifier.Value));
        return operations.CreateAsync(ResourceType, auditEvent.ToJsonString(), tokens, ct);
    }

    public static JsonObject Build(AuditEntry entry)
    {
        var agents = new JsonArray(new JsonObject
        {
            ["type"] = Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "AUT", "author (originator)"),
            ["who"] = new JsonObject { ["identifier"] = new JsonObject { ["system"] = ClientIdSystem, ["value"] = entry.Client } },
            ["requestor"] = true,
        });
        if (entry.ReviewerNpi is { } npi)
            agents.Add(new JsonObject
            {
                ["type"] = Coding("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "VRF", "verifier"),
                ["who"] = new JsonObject { ["type"] = "Practitioner", ["identifier"] = new JsonObject { ["system"] = NpiSystem, ["value"] = npi } },
                ["requestor"] = false,
            });
        var auditEvent = new JsonObject
        {
            ["resourceType"] = ResourceType,
            ["type"] = new JsonObject { ["system"] = "http://terminology.hl7.org/CodeSystem/audit-event-type", ["code"] = "rest", ["display"] = "RESTful Operation" },
            ["subtype"] = new JsonArray(new JsonObject { ["system"] = OperationSystem, ["code"] = entry.Operation }),
            ["action"] = entry.Operation switch
            {
                AuditOperations.Inquire or AuditOperations.ReviewRead => "R",
                AuditOperations.Submit => "C",
                _ => "U",
            },
            ["recorded"] = entry.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            ["outcome"] = Outcome(entry.StatusCode),
            ["outcomeDesc"] = "HTTP " + entry.StatusCode.ToString(CultureInfo.InvariantCulture),
            ["agent"] = agents,
            ["source"] = new JsonObject { ["observer"] = new JsonObject { ["display"] = "FhirPriorAuth" } },
        };
        if (entry.Identifiers.Count > 0)
            auditEvent["entity"] = new JsonArray([.. entry.Identifiers.Select(i => (JsonNode)new JsonObject
            {
                ["what"] = new JsonObject
                {
                    ["type"] = i.ResourceType,
                    ["identifier"] = i.System is null
                        ? new JsonObject { ["value"] = i.Value }
                        : new JsonObject { ["system"] = i.System, ["value"] = i.Value },
                },
            })]);
        return auditEvent;
    }

    // AuditEvent.outcome: 0 success, 4 minor failure (the client's request was refused), 8 serious failure (the server's).
    private static string Outcome(int status) => status switch
    {
        < 400 => "0",
        < 500 => "4",
        _ => "8",
    };

    private static JsonObject Coding(string system, string code, string display) =>
        new() { ["coding"] = new JsonArray(new JsonObject { ["system"] = system, ["code"] = code, ["display"] = display }) };
}
