namespace FhirPriorAuth.Policies.Evidence;

/// <summary>The value type of a fact, as policy conditions see it (FHIRPath system types).</summary>
public enum FactKind
{
    /// <summary><see cref="bool"/>.</summary>
    Boolean,
    /// <summary><see cref="int"/>.</summary>
    Integer,
    /// <summary><see cref="decimal"/>, in the unit the catalog names.</summary>
    Decimal,
    /// <summary>A code (<see cref="string"/>) from the set the catalog lists, or an external code such as ICD-10-CM.</summary>
    Code,
    /// <summary>A date (<see cref="FhirPriorAuth.Fhir.FhirPath.Values.PartialDateTime"/> at day precision).</summary>
    Date,
}

/// <summary>Where a fact came from, so a reason can cite it.</summary>
/// <param name="Kind">How it was obtained.</param>
/// <param name="Reference">
/// For <see cref="FactSourceKind.Resource"/>: the resource as referenced in the request (<c>Observation/ki67</c>, or the
/// entry's fullUrl <c>urn:uuid:…</c>). For <see cref="FactSourceKind.QuestionnaireAnswer"/>: the QuestionnaireResponse
/// reference followed by <c>#</c> and the item's linkId. For <see cref="FactSourceKind.Computed"/>: a short name of the
/// computation (<c>cockcroft-gault</c>), with the inputs in <see cref="Fact.DerivedFrom"/>.
/// </param>
/// <param name="Expression">A FHIRPath location inside that resource (<c>Observation.value</c>), when useful.</param>
/// <param name="Attested">
/// A provider's signed attestation in the payer's form: an answer the provider entered or confirmed (DTR
/// information-origin not <c>auto</c>) in a completed QuestionnaireResponse with a practitioner author or a signature.
/// It takes precedence over chart values for this request (docs/policy-format.md, "Conflict precedence").
/// </param>
public sealed record FactSource(FactSourceKind Kind, string Reference, string? Expression = null, bool Attested = false)
{
    public override string ToString() => Expression is null ? Reference : $"{Reference} ({Expression})";
}

public enum FactSourceKind
{
    /// <summary>A structured resource in the PAS bundle or CRD prefetch.</summary>
    Resource,
    /// <summary>An answer in a DTR QuestionnaireResponse.</summary>
    QuestionnaireAnswer,
    /// <summary>Derived from other facts (age from birthDate and date of service, Cockcroft-Gault, CTCAE grades).</summary>
    Computed,
}

/// <summary>
/// One documented fact about the request or the patient, named as in <see cref="FactCatalog"/>.
/// <see cref="Value"/> is a FHIRPath system value matching the definition's <see cref="FactKind"/>
/// (<see cref="bool"/>, <see cref="int"/>, <see cref="decimal"/>, <see cref="string"/>, or a day-precision PartialDateTime).
/// </summary>
public sealed record Fact(string Name, object Value, FactSource Source, IReadOnlyList<Fact>? DerivedFrom = null);

/// <summary>
/// Two sources state different values for a single-valued fact (e.g. the chart's Ki-67 and a DTR answer).
/// The decision engine names conflicts in its reasons and does not pick a side silently.
/// </summary>
public sealed record FactConflict(string Name, IReadOnlyList<Fact> Facts);
