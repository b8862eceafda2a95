using System.Globalization;
using System.Text;
using FhirPriorAuth.Fhir.FhirPath.Values;
using FhirPriorAuth.Policies.Evidence;

namespace FhirPriorAuth.Policies.Decisions;

/// <summary>
/// The words of a decision: outcomes, facts with their sources, and fact names a requester understands. Built only
/// from titles, citations, fact values and sources, so the same request always reads the same.
/// </summary>
public static class ReasonText
{
    public static string Outcome(CriterionOutcome outcome) => outcome switch
    {
        CriterionOutcome.Met => "Met",
        CriterionOutcome.NotMet => "Not met",
        _ => "Unknown",
    };

    /// <summary>How a value reads in a reason: <c>50</c>, <c>25 %</c>, <c>2026-03-01</c>, <c>true</c>.</summary>
    public static string Value(object value, string? unit = null)
    {
        var text = value switch
        {
            bool b => b ? "true" : "false",
            decimal d => d.ToString(CultureInfo.InvariantCulture),
            int i => i.ToString(CultureInfo.InvariantCulture),
            long l => l.ToString(CultureInfo.InvariantCulture),
            PartialDateTime p => p.ToString(),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        return unit switch
        {
            null or "" => text,
            "a" => text + " years",
            _ => text + " " + unit,
        };
    }

    /// <summary>The name of a fact as a requester reads it: <c>Ki-67 proliferation index (LOINC 29593-1)</c>.</summary>
    public static string FactName(string fact)
    {
        if (FactCatalog.Find(fact) is not { } definition) return fact;
        var coding = definition.Codings is { Count: > 0 } codings ? codings[0] : null;
        return coding switch
        {
            { System: FactCatalog.Loinc } => $"{definition.Description} (LOINC {coding.Code})",
            { System: FactCatalog.PaEvidence } => $"{definition.Description} (pa-evidence {coding.Code})",
            _ => $"{definition.Description} (%{fact})",
        };
    }

    /// <summary><c>karnofsky = 50 from Observation/kps-1</c>, <c>karnofsky not documented</c>, or the conflict.</summary>
    public static void Evidence(StringBuilder text, string fact, IReadOnlyList<Fact> facts, bool conflicting)
    {
        var unit = FactCatalog.Find(fact)?.Unit;
        text.Append(fact);
        if (facts.Count == 0)
        {
            text.Append(" not documented");
            return;
        }
        text.Append(conflicting ? " conflicting: " : " = ");
        for (var i = 0; i < facts.Count; i++)
        {
            if (i > 0) text.Append(conflicting ? " vs " : ", ");
            text.Append(Value(facts[i].Value, unit));
            Source(text, facts[i]);
        }
    }

    /// <summary><c> from Observation/kps-1</c>, or for a derived fact the computation and what it read.</summary>
    private static void Source(StringBuilder text, Fact fact)
    {
        if (fact.Source.Kind != FactSourceKind.Computed)
        {
            text.Append(" from ").Append(fact.Source.Reference);
            if (fact.Source.Expression is { } at) text.Append(" (").Append(at).Append(')');
            return;
        }
        text.Append(" (computed: ").Append(fact.Source.Reference);
        if (fact.DerivedFrom is { Count: > 0 } inputs)
        {
            text.Append(" from ");
            var first = true;
            foreach (var reference in inputs.Select(f => f.Source.Reference).Distinct())
            {
                if (!first) text.Append(", ");
                text.Append(reference);
                first = false;
            }
        }
        text.Append(')');
    }

    /// <summary><c>ki67 = 9 % from QuestionnaireResponse/x#ki67 (the provider's signed attestation in the payer's form, over 22 % from Observation/k)</c>.</summary>
    public static void Resolved(StringBuilder text, ResolvedConflict resolved)
    {
        var unit = FactCatalog.Find(resolved.Name)?.Unit;
        text.Append(resolved.Name).Append(" = ").Append(Value(resolved.Winner.Value, unit));
        Source(text, resolved.Winner);
        text.Append(" (the provider's signed attestation in the payer's form, over ");
        for (var i = 0; i < resolved.Overruled.Count; i++)
        {
            if (i > 0) text.Append(", ");
            text.Append(Value(resolved.Overruled[i].Value, unit));
            Source(text, resolved.Overruled[i]);
        }
        text.Append(')');
    }

    public static string Resolved(ResolvedConflict resolved)
    {
        var text = new StringBuilder();
        Resolved(text, resolved);
        return text.ToString();
    }

    public static string Conflict(FactConflict conflict)
    {
        var text = new StringBuilder();
        Evidence(text, conflict.Name, conflict.Facts, conflicting: true);
        return text.ToString();
    }
}
