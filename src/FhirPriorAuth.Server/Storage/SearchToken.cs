namespace FhirPriorAuth.Server.Storage;

/// <summary>
/// An indexed value of a resource, named by its FHIR search parameter (e.g. <c>url</c>, <c>version</c>,
/// <c>identifier</c>, <c>patient-member-id</c>). Values compare exactly (case-sensitive).
/// </summary>
/// <param name="System">The code system or identifier namespace; null when the value has none.</param>
public sealed record SearchToken(string Parameter, string? System, string Value)
{
    /// <summary>The search that finds resources indexed with exactly this token.</summary>
    public TokenCriterion AsCriterion() => new(Parameter, System, Value);
}

/// <summary>One condition of a token search.</summary>
/// <param name="System">
/// Null matches any system (FHIR <c>value</c>); an empty string matches only values without a system
/// (FHIR <c>|value</c>); otherwise the system must match (FHIR <c>system|value</c>).
/// </param>
public sealed record TokenCriterion(string Parameter, string? System, string Value);
