namespace FhirPriorAuth.Policies.Evidence;

/// <summary>A code that identifies a fact on a resource (Observation.code) or a Questionnaire item (item.code).</summary>
public sealed record FactCoding(string System, string Code);

/// <summary>
/// One kind of fact the policies ask about. <see cref="Name"/> is how policy conditions refer to it: the FHIRPath
/// variable <c>%name</c>. A single-valued fact that is undocumented is an empty variable, so FHIRPath's empty
/// propagation makes a condition over it "unknown" rather than false.
/// </summary>
/// <param name="AllowedCodes">For <see cref="FactKind.Code"/> facts with a closed set of values; null for open code systems (ICD-10-CM, NUCC).</param>
/// <param name="Codings">How the fact is coded on an Observation or a Questionnaire item, per clinical-evidence.md; empty when it is derived from the request itself.</param>
public sealed record FactDefinition(
    string Name,
    FactKind Kind,
    bool Repeating,
    string Description,
    string? Unit = null,
    IReadOnlyList<string>? AllowedCodes = null,
    IReadOnlyList<FactCoding>? Codings = null);
