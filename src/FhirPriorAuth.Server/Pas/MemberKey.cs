using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Resources;

namespace FhirPriorAuth.Server.Pas;

/// <summary>
/// The patient's member identifier, as $inquire matches a patient (PAS: "a match on the patient member or subscriber
/// id"). The profiles put it in different places: PAS 2.0.1 senders use <c>Coverage.subscriberId</c> or only an
/// untyped <c>Patient.identifier</c>; PAS 2.2.1 requires the Coverage <c>memberid</c> slice (type <c>MB</c>) and leaves
/// subscriberId optional. Every one of them found for the Claim's patient is stored as a <c>patient-member-id</c> token;
/// an inquiry is matched on its <see cref="Primary"/> one, so a request and an inquiry of either version that share
/// any of these ids find each other as long as the inquiry's first choice is among the stored ones.
/// </summary>
internal static class MemberKey
{
    public const string Parameter = "patient-member-id";
    private const string IdentifierTypes = "http://terminology.hl7.org/CodeSystem/v2-0203";

    /// <summary>The token an id is stored and matched under (trimmed; compared exactly, as the payer issued it).</summary>
    public static Storage.SearchToken Token(string memberId) => new(Parameter, null, memberId.Trim());

    /// <summary>
    /// The member ids of the Claim's patient, first choice first: subscriberId (what earlier versions of this server
    /// keyed on, and what CRD and DTR still read), the Coverage's MB identifiers, the Patient's MB identifiers, then the
    /// Patient's untyped identifiers (PAS 2.0.1 examples send the member id that way). Other identifier types (a
    /// medical record number, an SSN) never count.
    /// </summary>
    public static IReadOnlyList<string> Of(Bundle request)
    {
        var claimEntry = request.Entries.First();
        var claim = claimEntry.Resource!;
        var coverageReference = (string?)claim["insurance"]?[0]?["coverage"]?["reference"];
        var coverage = coverageReference is null ? null : request.Resolve(coverageReference, claimEntry.FullUrl);
        var patientReference = (string?)claim["patient"]?["reference"];
        var patient = patientReference is null ? null : request.Resolve(patientReference, claimEntry.FullUrl);
        return Of(patient, coverage);
    }

    public static IReadOnlyList<string> Of(JsonObject? patient, JsonObject? coverage)
    {
        var ids = new List<string>();
        Add(ids, (string?)(coverage?["subscriberId"] as JsonValue));
        foreach (var id in Identifiers(coverage).Where(i => IsMember(i)))
            Add(ids, (string?)(id["value"] as JsonValue));
        foreach (var id in Identifiers(patient).Where(i => IsMember(i)))
            Add(ids, (string?)(id["value"] as JsonValue));
        foreach (var id in Identifiers(patient).Where(i => i["type"] is null))
            Add(ids, (string?)(id["value"] as JsonValue));
        return ids;
    }

    /// <summary>The id an inquiry is matched on; null when the request names the patient by none.</summary>
    public static string? Primary(Bundle request) => Of(request).FirstOrDefault();

    private static IEnumerable<JsonObject> Identifiers(JsonObject? resource) =>
        (resource?["identifier"] as JsonArray ?? []).OfType<JsonObject>();

    private static bool IsMember(JsonObject identifier) =>
        (identifier["type"]?["coding"] as JsonArray ?? []).OfType<JsonObject>()
            .Any(c => (string?)(c["code"] as JsonValue) == "MB" && (string?)(c["system"] as JsonValue) is null or IdentifierTypes);

    private static void Add(List<string> ids, string? value)
    {
        if (value?.Trim() is { Length: > 0 } trimmed && !ids.Contains(trimmed))
            ids.Add(trimmed);
    }
}
