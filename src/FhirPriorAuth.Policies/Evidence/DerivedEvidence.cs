using FhirPriorAuth.Policies.Evidence.Extraction;

namespace FhirPriorAuth.Policies.Evidence;

/// <summary>Facts computed from facts, once evidence from every source is together.</summary>
public static class DerivedEvidence
{
    /// <summary>
    /// Adds what the combined evidence allows: creatinine clearance by Cockcroft-Gault when no clearance is stated and
    /// creatinine, weight, age and sex each have one agreed value, from any source (DTR answers for creatinine and
    /// weight, the chart for age and sex). Computed only after merging so a disputed input yields no clearance rather
    /// than one that hides the dispute. <see cref="PasBundleEvidence"/> and <see cref="CrdPrefetchEvidence"/> call it;
    /// call it again after merging further answers yourself.
    /// </summary>
    public static EvidenceSet Complete(EvidenceSet evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        try
        {
            if (LabFacts.CockcroftGaultFrom(evidence) is { } clearance) evidence.Add(clearance);
        }
        catch (ArithmeticException ex)
        {
            evidence.AddNote($"creatinine clearance not computed: {ex.Message}");
        }
        return evidence;
    }
}
