namespace FhirPriorAuth.Policies.Evidence;

/// <summary>
/// The facts documented for one request, from any number of sources. Repeating facts accumulate; for single-valued
/// facts every stated value is kept so that disagreement surfaces as a <see cref="FactConflict"/>.
/// </summary>
public sealed class EvidenceSet
{
    private readonly Dictionary<string, List<Fact>> _facts = new(StringComparer.Ordinal);

    /// <summary>Adds a fact; its name must be in <see cref="FactCatalog"/>.</summary>
    public void Add(Fact fact)
    {
        if (FactCatalog.Find(fact.Name) is null)
            throw new ArgumentException($"'{fact.Name}' is not a fact in the catalog", nameof(fact));
        if (!_facts.TryGetValue(fact.Name, out var list))
            _facts[fact.Name] = list = [];
        list.Add(fact);
    }

    /// <summary>Every fact stated under a name, in the order added (empty when undocumented).</summary>
    public IReadOnlyList<Fact> this[string name] => _facts.TryGetValue(name, out var list) ? list : [];

    public IEnumerable<string> Names => _facts.Keys;

    public bool Has(string name) => _facts.ContainsKey(name);

    /// <summary>Single-valued facts stated with different values by different sources.</summary>
    public IReadOnlyList<FactConflict> Conflicts =>
        _facts.Where(kv => FactCatalog.Find(kv.Key) is { Repeating: false }
                           && kv.Value.Select(f => f.Value).Distinct().Count() > 1)
              .Select(kv => new FactConflict(kv.Key, kv.Value))
              .ToList();

    /// <summary>All facts of several sets (structured evidence plus DTR answers, say) in one set.</summary>
    public static EvidenceSet Merge(params EvidenceSet[] sets)
    {
        var merged = new EvidenceSet();
        foreach (var set in sets)
            foreach (var list in set._facts.Values)
                foreach (var fact in list)
                    merged.Add(fact);
        return merged;
    }
}
