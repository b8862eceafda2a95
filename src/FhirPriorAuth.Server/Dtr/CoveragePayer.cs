using System.Text.Json.Nodes;

namespace FhirPriorAuth.Server.Dtr;

/// <summary>
/// Finds the payer of a Coverage: <c>Coverage.payor</c> → an Organization carrying the payer-id identifier,
/// contained in the Coverage, sent alongside it in the Parameters, or stated on the reference itself.
/// </summary>
internal static class CoveragePayer
{
    public const string PayerIdSystem = "http://fhirpriorauth.example.org/fhir/payer-id";

    /// <summary>The demo payer registry: payer id and the names an EHR may use on a reference display.</summary>
    private static readonly (string Id, string[] Names)[] KnownPayers =
    [
        ("capital-blue-cross", ["Capital Blue Cross", "Capital BlueCross"]),
        ("wellmark", ["Wellmark", "Wellmark Blue Cross and Blue Shield", "Wellmark Blue Cross Blue Shield"]),
        ("centene", ["Centene", "Centene Corporation"]),
    ];

    /// <param name="alongside">Other resources of the request (e.g. <c>referenced</c>) an Organization reference may point at.</param>
    public static string? PayerId(JsonObject coverage, IEnumerable<JsonObject> alongside)
    {
        foreach (var payor in coverage.Objects("payor"))
        {
            var id = FromIdentifier(payor.Obj("identifier"))
                ?? FromOrganization(Resolve(coverage, payor.Str("reference"), alongside))
                ?? FromDisplay(payor.Str("display"));
            if (id is not null)
                return id;
        }
        return null;
    }

    private static JsonObject? Resolve(JsonObject coverage, string? reference, IEnumerable<JsonObject> alongside)
    {
        if (string.IsNullOrEmpty(reference))
            return null;
        if (reference.StartsWith('#'))
            return coverage.Objects("contained").FirstOrDefault(c => c.Str("id") == reference[1..]);
        var parts = reference.Split('/');
        if (parts.Length < 2)
            return null;
        var (type, id) = (parts[^2], parts[^1]);
        return alongside.FirstOrDefault(r => r.Str("resourceType") == type && r.Str("id") == id);
    }

    private static string? FromOrganization(JsonObject? organization) =>
        organization?.Str("resourceType") == "Organization"
            ? organization.Objects("identifier").Select(FromIdentifier).FirstOrDefault(id => id is not null) ?? FromDisplay(organization.Str("name"))
            : null;

    private static string? FromIdentifier(JsonObject? identifier) =>
        identifier?.Str("system") == PayerIdSystem && KnownPayers.Any(p => p.Id == identifier.Str("value")) ? identifier.Str("value") : null;

    private static string? FromDisplay(string? display) =>
        display is null ? null
            : KnownPayers.FirstOrDefault(p => p.Names.Any(n => string.Equals(n, display.Trim(), StringComparison.OrdinalIgnoreCase))).Id;
}
