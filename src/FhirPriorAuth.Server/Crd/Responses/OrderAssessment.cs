using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Artifacts;
using FhirPriorAuth.Policies.Decisions;
using FhirPriorAuth.Policies.Evidence;

namespace FhirPriorAuth.Server.Crd.Responses;

/// <summary>What the payer can say about one order, from its policies alone (never a guess).</summary>
internal enum CoverageKind
{
    /// <summary>A policy in effect governs the drug: prior authorization is needed (the decision says how far the record goes).</summary>
    PriorAuthNeeded,
    /// <summary>A policy in effect excludes or rejects the request on documented facts.</summary>
    NotCovered,
    /// <summary>The order is for nothing the payer's policies require authorization for.</summary>
    NoAuthNeeded,
    /// <summary>A policy drug with no policy of this payer held here: the payer must be asked.</summary>
    ContactPayer,
    /// <summary>The payer's policy for the drug was retired before the date of service and none replaced it.</summary>
    PolicyRetired,
    /// <summary>Everolimus dispensed by a pharmacy, with no policy of this payer: the pharmacy benefit decides.</summary>
    PharmacyBenefit,
    /// <summary>The Coverage names no payer this service holds policies for.</summary>
    UnknownPayer,
    /// <summary>A medication order whose medication could not be identified (an unresolved Medication reference).</summary>
    MedicationUnknown,
    /// <summary>A policy governs the drug and an authorization this payer already granted covers the order (PAS).</summary>
    AuthorizationOnFile,
    /// <summary>CRD 2.2 only: the Coverage names no member id, so the payer cannot find the member (no-member-found).</summary>
    MemberNotFound,
}

/// <summary>
/// The coverage statement for one order: the coverage-information codes (CRD 2.0.1 value sets) and the reason a
/// clinician reads.
/// </summary>
/// <param name="Covered"><c>covered</c> | <c>not-covered</c> | <c>conditional</c> (| <c>indeterminate</c>, CRD 2.2 only).</param>
/// <param name="PaNeeded"><c>auth-needed</c> | <c>no-auth</c> | <c>satisfied</c> | <c>conditional</c> (| <c>indeterminate</c>, 2.2); null when not covered.</param>
/// <param name="DocumentationNeeded">Clinical documentation is needed with the prior authorization (DTR).</param>
internal sealed record CoverageStatement(CoverageKind Kind, string Covered, string? PaNeeded, bool DocumentationNeeded, string Reason)
{
    /// <summary>The authorization number that satisfies the need for prior authorization (<c>pa-needed: satisfied</c>).</summary>
    public string? SatisfiedPaId { get; init; }

    /// <summary>A coverage assertion reason code (CRD temp code system: <c>no-member-found</c>, <c>technical</c>), CRD 2.2 only.</summary>
    public string? ReasonCode { get; init; }
}

/// <summary>One order (or appointment) in scope of the hook, with what its payer's policies say about it.</summary>
/// <param name="Target">The resource the coverage information annotates (the order, or an appointment for it).</param>
/// <param name="Order">The order the decision reads (the target itself, or the order an appointment is based on).</param>
/// <param name="Medication">What the order asks for: its medication[x] concept (a referenced Medication's code) or service code.</param>
/// <param name="Drug"><c>lutathera</c>, <c>everolimus</c>, or null for anything else.</param>
/// <param name="Product">The catalog product (<c>afinitor</c>, <c>everolimus-generic</c>...), when the codes tell.</param>
/// <param name="Questionnaire">The DTR Questionnaire's versioned canonical for the payer and drug on the date of service.</param>
internal sealed record OrderAssessment(
    JsonObject Target,
    JsonObject Order,
    JsonObject? Medication,
    string? Drug,
    string? Product,
    string? Payer,
    string PayerName,
    string? CoverageKey,
    DateOnly ServiceDate,
    LoadedPolicy? Policy,
    LoadedPolicy? RetiredPolicy,
    Decision? Decision,
    EvidenceSet Evidence,
    string? Questionnaire,
    CoverageStatement Statement)
{
    /// <summary>How a clinician names the ordered drug.</summary>
    public string DrugName => Product switch
    {
        "afinitor" => "Afinitor (everolimus)",
        "afinitor-disperz" => "Afinitor Disperz (everolimus)",
        "zortress" => "Zortress (everolimus)",
        "everolimus-generic" => "Everolimus (generic)",
        _ => Drug switch
        {
            "lutathera" => "Lutathera",
            "everolimus" => "Everolimus",
            _ => "This order",
        },
    };

    public bool IsBrandEverolimus => Drug == "everolimus" && Product is "afinitor" or "afinitor-disperz" or "zortress"
        || Drug == "everolimus" && Evidence.Values("brandRequested").OfType<bool>().Contains(true);
}
