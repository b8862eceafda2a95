using System.Text.Json.Nodes;
using FhirPriorAuth.Server.CdsHooks;
using FhirPriorAuth.Server.FhirApi;

namespace FhirPriorAuth.Server.Crd;

/// <summary>
/// One CRD hook as this server offers it: the discovery entry, the context it requires (CDS Hooks hook definitions, as
/// the Inferno CRD suite checks them) and which prefetch keys it cannot answer without.
/// </summary>
internal sealed record CrdHookDefinition(
    string Hook,
    string ServiceId,
    string Title,
    string Description,
    IReadOnlyList<KeyValuePair<string, string>> Prefetch,
    IReadOnlyList<string> EssentialKeys,
    Action<JsonObject, List<OutcomeIssue>> CheckContext)
{
    public CdsServiceDescriptor Descriptor() => new(ServiceId, Hook, Description)
    {
        Title = Title,
        Prefetch = Prefetch.ToDictionary(p => p.Key, p => p.Value),
        Extension = new JsonObject
        {
            [CrdConfiguration.OptionsExtension] = new JsonArray([.. CrdConfiguration.Options.Select(o => (JsonNode)new JsonObject
            {
                ["code"] = o.Code,
                ["type"] = o.Type,
                ["name"] = o.Name,
                ["description"] = o.Description,
                ["default"] = o.Default.DeepClone(),
            })]),
        },
    };
}
