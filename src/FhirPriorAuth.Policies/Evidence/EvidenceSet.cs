using FhirPriorAuth.Fhir.FhirPath.Values;

namespace FhirPriorAuth.Policies.Evidence;

/// <summary>
/// The facts documented for one request, from any number of sources. Repeating facts accumulate; for single-valued
/// facts every stated value is kept so that disagreement surfaces as a <see cref="FactConflict"/>.
/// </summary>
public sealed class EvidenceSet
{
    private readonly Dictionary<string, List<Fact>> _facts = new(StringComparer.Ordinal);
    private readonly List<string> _notes = [];

    /// <summary>
    /// Adds a fact; its name must be in <see cref="FactCatalog"/>. Numeric values are brought to the catalog kind
    /// (an <see cref="int"/> for a Decimal fact becomes a <see cref="decimal"/>, a <see cref="DateOnly"/> a day-precision
    /// Date) so that two sources stating the same value never look different.
    /// </summary>
    public void Add(Fact fact)
    {
        var definition = FactCatalog.Find(fact.Name)
            ?? throw new ArgumentException($"'{fact.Name}' is not a fact in the catalog", nameof(fact));
        var value = Normalize(definition.Kind, fact.Value);
        if (!ReferenceEquals(value, fact.Value)) fact = fact with { Value = value };
        if (!_facts.TryGetValue(fact.Name, out var list))
            _facts[fact.Name] = list = [];
        list.Add(fact);
    }

    /// <summary>Every fact stated under a name, in the order added (empty when undocumented).</summary>
    public IReadOnlyList<Fact> this[string name] => _facts.TryGetValue(name, out var list) ? list : [];

    public IEnumerable<string> Names => _facts.Keys;

    public bool Has(string name) => _facts.ContainsKey(name);

    /// <summary>The distinct values stated for a fact (one for an agreed single-valued fact).</summary>
    public IReadOnlyList<object> Values(string name) => this[name].Select(f => f.Value).Distinct().ToList();

    /// <summary>
    /// What the extractors could not read (an Observation without a usable value, a unit they do not know): never
    /// facts, but worth showing a reviewer.
    /// </summary>
    public IReadOnlyList<string> Notes => _notes;

    public void AddNote(string note) => _notes.Add(note);

    /// <summary>Single-valued facts stated with different values by different sources (15 and 15.0 are one value).</summary>
    public IReadOnlyList<FactConflict> Conflicts =>
        _facts.Where(kv => FactCatalog.Find(kv.Key) is { Repeating: false }
                           && kv.Value.Select(f => f.Value).Distinct().Count() > 1)
              .Select(kv => new FactConflict(kv.Key, kv.Value))
              .ToList();

    /// <summary>All facts (and notes) of several sets (structured evidence plus DTR answers, say) in one set.</summary>
    public static EvidenceSet Merge(params EvidenceSet[] sets)
    {
        var merged = new EvidenceSet();
        foreach (var set in sets)
        {
            foreach (var list in set._facts.Values)
                foreach (var fact in list)
                    merged.Add(fact);
            merged._notes.AddRange(set._notes);
        }
        return merged;
    }

    // decimal equality already ignores scale (15 == 15.0m, equal hash codes); only cross-type numbers and DateOnly
    // need bringing to the catalog's kind.
    private static object Normalize(FactKind kind, object value) => (kind, value) switch
    {
        (FactKind.Decimal, int i) => (decimal)i,
        (FactKind.Decimal, long l) => (decimal)l,
        (FactKind.Decimal, double d) => (decimal)d,
        (FactKind.Integer, long l) when l is >= int.MinValue and <= int.MaxValue => (int)l,
        (FactKind.Integer, decimal m) when m == decimal.Truncate(m) && m is >= int.MinValue and <= int.MaxValue => (int)m,
        (FactKind.Date, DateOnly d) => new PartialDateTime(TemporalKind.Date, DateTimePrecision.Day, d.Year, d.Month, d.Day),
        (FactKind.Date, PartialDateTime { Kind: not TemporalKind.Date, Precision: >= DateTimePrecision.Day } p) =>
            new PartialDateTime(TemporalKind.Date, DateTimePrecision.Day, p.Year, p.Month, p.Day),
        _ => value,
    };
}
