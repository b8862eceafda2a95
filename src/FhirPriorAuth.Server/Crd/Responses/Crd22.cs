using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Dtr;
using FhirPriorAuth.Server.FhirApi;

namespace FhirPriorAuth.Server.Crd.Responses;

/// <summary>
/// What CRD 2.2 asks beyond 2.0.1, for a client that asks for 2.2 (<c>davinci-crd.requestedVersion</c>; discovery lists
/// 2.2 and 2.0, so a 2.2 client must send it, dev-3). A 2.0.1 client's answers stay as 2.0.1 defines them.
/// <list type="bullet">
/// <item>hook-13: 400 when the primary Coverage has no payer.identifier naming a payer this service handles, and when
/// no Coverage or more than one is accessible;</item>
/// <item>resp-44: a patient the payer cannot resolve to a member is <c>not-covered</c> with reason
/// <c>no-member-found</c> (here: a Coverage that carries no member id, neither subscriberId nor an MB identifier);</item>
/// <item>resp-43: technical trouble that keeps the payer from deciding (the ordered Medication could be neither
/// prefetched nor read from the EHR) is <c>indeterminate</c> with reason <c>technical</c> and the detail in text.</item>
/// </list>
/// </summary>
internal static class Crd22
{
    public const string ReasonSystem = "http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp";

    public static bool Requested(JsonObject request) =>
        request["extension"] is JsonObject extension && extension["davinci-crd.requestedVersion"] is JsonValue version
        && version.TryGetValue<string>(out var text) && text.StartsWith("2.2", StringComparison.Ordinal);

    /// <summary>hook-13: refuses (400) a call whose primary Coverage does not identify a payer in <paramref name="handled"/>.</summary>
    public static void RequireHandledPayer(HookResources resources, IReadOnlySet<string> handled)
    {
        var coverages = resources.All.Where(r => r.Str("resourceType") == "Coverage" && r.Str("status") is null or "active").ToList();
        if (coverages.Count != 1)
            throw Refused(coverages.Count == 0
                ? "CRD 2.2 needs the patient's primary Coverage (prefetch key 'coverage'); none was sent or readable"
                : "CRD 2.2 allows only the patient's primary Coverage; more than one active Coverage was sent");
        // Identified by identifier, not by a display name: what hook-13 asks the payer to recognise.
        var coverage = coverages[0].DeepClone().AsObject();
        foreach (var payor in coverage.Objects("payor"))
            payor.Remove("display");
        var payer = CoveragePayer.PayerId(coverage, resources.All);
        if (payer is null || !handled.Contains(payer))
            throw Refused("The Coverage's payer has no identifier naming a payer this service handles (CRD 2.2 hook-13)");
    }

    /// <summary>resp-44: the Coverage carries no member id this payer could find the member by.</summary>
    public static bool MemberNotFound(JsonObject coverage) => Pas.MemberKey.Of(null, coverage).Count == 0;

    public static CoverageStatement NoMemberFound(string payerName) =>
        new(CoverageKind.MemberNotFound, "not-covered", null, false,
            $"{payerName} could not find the member: the Coverage carries no member id (subscriberId or a member identifier).")
        { ReasonCode = "no-member-found" };

    public static CoverageStatement Indeterminate(CoverageStatement technical) =>
        new(technical.Kind, "indeterminate", "indeterminate", false, technical.Reason) { ReasonCode = "technical" };

    private static FhirRequestException Refused(string text) =>
        new(StatusCodes.Status400BadRequest, OutcomeIssue.Error(IssueTypes.Required, text, "prefetch.coverage"));
}
