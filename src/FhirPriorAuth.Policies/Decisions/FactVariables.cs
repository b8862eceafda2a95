using System.Collections.Frozen;
using FhirPriorAuth.Policies.Evidence;

namespace FhirPriorAuth.Policies.Decisions;

/// <summary>
/// Turns an <see cref="EvidenceSet"/> into the FHIRPath variables policy conditions read (docs/policy-format.md,
/// "Facts"): every catalog fact is defined, because the engine rejects an undefined <c>%name</c>; undocumented and
/// conflicting single-valued facts are empty, repeating facts are the collection of distinct values.
/// </summary>
/// <summary>A disagreement settled by precedence: the value used, and the values it overrides.</summary>
public sealed record ResolvedConflict(string Name, Fact Winner, IReadOnlyList<Fact> Overruled);

public sealed class FactVariables
{
    /// <summary>Every catalog fact defined and empty (for load-time dry runs).</summary>
    public static IReadOnlyDictionary<string, object?> AllEmpty { get; } =
        FactCatalog.All.ToFrozenDictionary(f => f.Name, _ => (object?)null, StringComparer.Ordinal);

    private FactVariables(Dictionary<string, object?> variables, IReadOnlyList<FactConflict> conflicts, IReadOnlyList<ResolvedConflict> resolved)
    {
        Variables = variables;
        Conflicts = conflicts;
        Resolved = resolved;
    }

    /// <summary>Disagreements settled by precedence (a signed attestation in the payer's form), cited in the decision.</summary>
    public IReadOnlyList<ResolvedConflict> Resolved { get; }

    public ResolvedConflict? Resolution(string fact)
    {
        foreach (var r in Resolved)
            if (r.Name == fact) return r;
        return null;
    }

    public IReadOnlyDictionary<string, object?> Variables { get; }

    /// <summary>Single-valued facts stated with different values, in catalog order.</summary>
    public IReadOnlyList<FactConflict> Conflicts { get; }

    public bool IsConflicting(string fact)
    {
        foreach (var c in Conflicts)
            if (c.Name == fact) return true;
        return false;
    }

    public static FactVariables From(EvidenceSet evidence)
    {
        var variables = new Dictionary<string, object?>(FactCatalog.All.Count, StringComparer.Ordinal);
        List<FactConflict>? conflicts = null;
        List<ResolvedConflict>? resolved = null;
        foreach (var definition in FactCatalog.All)
        {
            var facts = evidence[definition.Name];
            if (facts.Count == 0)
            {
                variables[definition.Name] = null;
            }
            else if (definition.Repeating)
            {
                var values = new List<object>(facts.Count);
                foreach (var f in facts)
                    if (!values.Contains(f.Value)) values.Add(f.Value);
                variables[definition.Name] = values;
            }
            else
            {
                var first = facts[0].Value;
                var agree = true;
                for (var i = 1; i < facts.Count && agree; i++) agree = Equals(facts[i].Value, first);
                if (agree)
                    variables[definition.Name] = first;
                else if (Precedence(definition.Name, facts) is { } settled)
                {
                    variables[definition.Name] = settled.Winner.Value;
                    (resolved ??= []).Add(settled);
                }
                else
                {
                    variables[definition.Name] = null;
                    (conflicts ??= []).Add(new FactConflict(definition.Name, facts));
                }
            }
        }
        return new FactVariables(variables, conflicts ?? (IReadOnlyList<FactConflict>)[], resolved ?? (IReadOnlyList<ResolvedConflict>)[]);
    }

    /// <summary>
    /// The precedence rules of docs/policy-format.md ("Conflict precedence"), the only place a disagreement is
    /// settled: the provider's signed attestation in the payer's form for this request wins over chart values when
    /// every attested answer agrees. Anything else stays a conflict (a reviewer decides once the form has answered).
    /// </summary>
    private static ResolvedConflict? Precedence(string name, IReadOnlyList<Fact> facts)
    {
        Fact? attested = null;
        foreach (var f in facts)
        {
            if (!f.Source.Attested) continue;
            if (attested is not null && !Equals(attested.Value, f.Value)) return null;
            attested ??= f;
        }
        if (attested is null) return null;
        return new ResolvedConflict(name, attested, [.. facts.Where(f => !Equals(f.Value, attested.Value))]);
    }
}
