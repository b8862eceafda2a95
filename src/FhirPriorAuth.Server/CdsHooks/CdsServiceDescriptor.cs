using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace FhirPriorAuth.Server.CdsHooks;

/// <summary>
/// One entry of the CDS Hooks discovery response (CDS Hooks 2.0 "Discovery"): the service answers
/// <paramref name="Hook"/> at <c>/cds-services/{Id}</c> and asks the client to prefetch <see cref="Prefetch"/>.
/// </summary>
public sealed record CdsServiceDescriptor(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("hook")] string Hook,
    [property: JsonPropertyName("description")] string Description)
{
    [JsonPropertyName("title")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Title { get; init; }

    /// <summary>Prefetch templates by key, e.g. <c>"patient": "Patient/{{context.patientId}}"</c>.</summary>
    [JsonPropertyName("prefetch")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Prefetch { get; init; }

    [JsonPropertyName("usageRequirements")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? UsageRequirements { get; init; }

    /// <summary>Service-level extensions, e.g. CRD's <c>davinci-crd.configuration-options</c>.</summary>
    [JsonPropertyName("extension")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Extension { get; init; }
}
