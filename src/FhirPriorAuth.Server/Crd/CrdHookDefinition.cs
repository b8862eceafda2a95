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
    /// Only 2.0: the service is built to CRD 2.0.1. It accepts 2.2 request shapes and gives a client that asks for 2.2
    /// the 2.2 card-type system, but it does not meet every 2.2 SHALL (no <c>indeterminate</c> or
    /// <c>no-member-found</c> coverage information, no 400 for a Coverage without a payer identifier), so it does not
    /// claim 2.2. One version listed also means clients need not send <c>davinci-crd.requestedVersion</c>.
    /// </summary>
    public static readonly IReadOnlyList<string> SupportedVersions = ["2.0"];

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
