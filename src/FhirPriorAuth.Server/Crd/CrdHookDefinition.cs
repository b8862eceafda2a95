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
    /// <summary>Discovery extension naming the CRD versions a service answers to (CRD 2.2 dev-1/dev-2; major.minor only).</summary>
    public const string VersionExtension = "davinci-crd.version";

    /// <summary>
    /// CRD 2.0 (built to 2.0.1) and 2.2 (2.2.1): a client asking for 2.2 (<c>davinci-crd.requestedVersion</c>, which
    /// dev-3 requires once more than one version is listed) gets the 2.2 card-type system, <c>indeterminate</c> and
    /// <c>no-member-found</c> coverage information and the 400 for a Coverage without a handled payer identifier
    /// (Responses/Crd22); any other client is answered as 2.0.1 defines.
    /// </summary>
    public static readonly IReadOnlyList<string> SupportedVersions = ["2.0", "2.2"];

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
            [VersionExtension] = new JsonArray([.. SupportedVersions.Select(v => (JsonNode)v)]),
        },
    };
}
