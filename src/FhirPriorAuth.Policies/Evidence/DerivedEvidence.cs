using FhirPriorAuth.Policies.Evidence.Extraction;

namespace FhirPriorAuth.Policies.Evidence;

/// <summary>Facts computed from facts, once evidence from every source is together.</summary>
public static class DerivedEvidence
{
    /// <summary>
    /// Adds what the combined evidence allows: whether a continuation responds to therapy, from a disease status
    /// answered in DTR; creatinine clearance by Cockcroft-Gault when no clearance is stated and
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
            if (RespondingFrom(evidence) is { } responding) evidence.Add(responding);
        }
        catch (ArithmeticException ex)
        {
            evidence.AddNote($"creatinine clearance not computed: {ex.Message}");
        }
        return evidence;
    }

    // respondingToTherapy: the agreed latest disease status on an agreed continuation, when no source stated it. Only a
    // status answered in DTR (answered now, on therapy) counts here: a charted status is dated, and the extractors
    // already declined one that predates the start of the drug (Centene II.A.2).
    private static Fact? RespondingFrom(EvidenceSet evidence)
    {
        if (evidence.Has("respondingToTherapy")
            || evidence["progression"].Any(f => f.Source.Kind != FactSourceKind.QuestionnaireAnswer)
            || Agreed(evidence, "progression") is not { Value: string status } progression
            || Agreed(evidence, "continuation") is not { Value: true } continuation) return null;
        return new Fact("respondingToTherapy", status is "stable" or "improved",
            new FactSource(FactSourceKind.Computed, "responding-to-therapy"), [progression, continuation]);
    }

    internal static Fact? Agreed(EvidenceSet evidence, string name) =>
        evidence[name] is { Count: > 0 } facts && facts.Select(f => f.Value).Distinct().Count() == 1 ? facts[0] : null;
}
