using System.Collections.Frozen;
using FhirPriorAuth.Policies.Evidence;

namespace FhirPriorAuth.Policies.Decisions;

/// <summary>
/// Turns an <see cref="EvidenceSet"/> into the FHIRPath variables policy conditions read (docs/policy-format.md,
/// "Facts"): every catalog fact is defined, because the engine rejects an undefined <c>%name</c>; undocumented and
/// conflicting single-valued facts are empty, repeating facts are the collection of distinct values.
/// </summary>
public sealed class FactVariables
{
    /// <summary>Every catalog fact defined and empty (for load-time dry runs).</summary>
    public static IReadOnlyDictionary<string, object?> AllEmpty { get; } =
        FactCatalog.All.ToFrozenDictionary(f => f.Name, _ => (object?)null, StringComparer.Ordinal);

    private FactVariables(Dictionary<string, object?> variables, IReadOnlyList<FactConflict> conflicts)
    {
        Variables = variables;
        Conflicts = conflicts;
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
                variables[definition.Name] = agree ? first : null;
                if (!agree) (conflicts ??= []).Add(new FactConflict(definition.Name, facts));
            }
        }
        return new FactVariables(variables, conflicts ?? (IReadOnlyList<FactConflict>)[]);
    }
}
