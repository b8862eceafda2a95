using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Resources;
using FhirPriorAuth.Server.Pas;
using FhirPriorAuth.Server.Pas.Notifications;
using FhirPriorAuth.Server.Storage;

namespace FhirPriorAuth.Server.Subscriptions;

/// <summary>
/// Whom a PAS request came from, in the terms a subscription's <c>org-identifier</c> filter uses: PAS 2.2.1
/// (FHIR-52841) names the sending system, the interchange sender id (ISA06) in the Claim's transmissionIdentifiers;
/// 2.0.1 and 2.1.0 name the requesting provider organization: Claim.provider when it is an Organization, else the
/// organization of the PractitionerRole it names. Both count. An identifier matches a filter value by its value, or
/// as <c>system|value</c>.
/// </summary>
internal static class ClaimOrganizations
{
    public const string TransmissionIdentifiers = PasCodes.Ig + "/StructureDefinition/extension-TransmissionIdentifiers";
    private const int MaxRequests = 100;

    /// <summary>
    /// The identifiers of every stored request answered under the change's authorization number by its submitter (an
    /// update may come from another organization of the same system), and of the requestor the answer names.
    /// </summary>
    public static async Task<HashSet<string>> OfAsync(IResourceOperations operations, ClaimResponseChange change, CancellationToken ct)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var requests = await operations.SearchAsync(SubmissionKeys.RequestType,
        [
            SubmissionKeys.RequestKind.AsCriterion(),
            new("authorization-number", PasCodes.AuthorizationNumberSystem, change.AuthorizationNumber),
            new("submitter", null, change.Submitter),
        ], MaxRequests, ct);
        foreach (var stored in requests)
            if (stored.Json is { } json && JsonNode.Parse(json) is JsonObject request)
                found.UnionWith(OfRequest(request));
        if (AsBundle(change.ResponseBundle) is { } response)
            Add(response, "requestor", found);
        return found;
    }

    /// <summary>The identifiers naming whom one PAS request Bundle (Claim first) came from.</summary>
    public static HashSet<string> OfRequest(JsonObject request)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (AsBundle(request) is { } bundle)
            Add(bundle, "provider", found);
        return found;
    }

    // The Bundle's first resource (the Claim or the ClaimResponse), its transmissionIdentifiers and the organization behind `party`.
    private static void Add(Bundle bundle, string party, HashSet<string> found)
    {
        if (bundle.Entries.FirstOrDefault() is not { Resource: { } focal } entry)
            return;
        // Compared without case: the IG's id is extension-TransmissionIdentifiers, some implementations spell it with a lower t.
        foreach (var extension in Objects(focal["extension"]).Where(e => string.Equals((string?)e["url"], TransmissionIdentifiers, StringComparison.OrdinalIgnoreCase)))
            foreach (var part in Objects(extension["extension"]).Where(p => (string?)p["url"] == "interchangeSenderID"))
                if ((string?)(part["valueString"] as JsonValue) is { Length: > 0 } sender)
                    found.Add(sender);

        var (resource, fullUrl) = Resolve(bundle, focal[party], entry.FullUrl);
        if (resource is { } role && (string?)role["resourceType"] == "PractitionerRole")
            resource = Resolve(bundle, role["organization"], fullUrl).Resource;
        if (resource is null || (string?)resource["resourceType"] != "Organization")
            return;
        foreach (var identifier in Objects(resource["identifier"]))
        {
            if ((string?)(identifier["value"] as JsonValue) is not { Length: > 0 } value)
                continue;
            found.Add(value);
            if ((string?)(identifier["system"] as JsonValue) is { Length: > 0 } system)
                found.Add(system + "|" + value);
        }
    }

    private static (JsonObject? Resource, string? FullUrl) Resolve(Bundle bundle, JsonNode? reference, string? fromFullUrl)
    {
        if ((string?)(reference?["reference"] as JsonValue) is not { Length: > 0 } text || bundle.Resolve(text, fromFullUrl) is not { } resource)
            return (null, null);
        return (resource, bundle.Entries.FirstOrDefault(e => ReferenceEquals(e.Resource, resource))?.FullUrl);
    }

    private static Bundle? AsBundle(JsonNode? node) =>
        node is JsonObject json && (string?)json["resourceType"] == "Bundle" ? new Bundle(json) : null;

    private static IEnumerable<JsonObject> Objects(JsonNode? node) => (node as JsonArray ?? []).OfType<JsonObject>();
}
