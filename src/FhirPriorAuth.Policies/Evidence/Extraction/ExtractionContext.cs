using System.Globalization;
using System.Text.Json.Nodes;

namespace FhirPriorAuth.Policies.Evidence.Extraction;

/// <summary>One extraction run: the resources, the evidence being built, and what the request says it is about.</summary>
internal sealed class ExtractionContext(ResourceIndex index, EvidenceOptions options, DateOnly today)
{
    public ResourceIndex Index { get; } = index;
    public EvidenceOptions Options { get; } = options;
    public EvidenceSet Evidence { get; } = new();

    /// <summary>The date ages and washouts are counted to: the date of service, else today.</summary>
    public DateOnly ReferenceDate => ServiceDateValue ?? today;

    public DateOnly? ServiceDateValue { get; set; }
    public Fact? ServiceDate { get; set; }

    /// <summary>The drug requested (<c>lutathera</c>, <c>everolimus</c>) once known.</summary>
    public string? Drug { get; set; }

    /// <summary>
    /// The Claim line (item.sequence) being decided, when a request has lines for several policy drugs: that line's
    /// drug is the request, and orders for another drug belong to the other lines.
    /// </summary>
    public int? Line { get; init; }

    /// <summary>The orders the request is about (PAS: Claim.prescription or the bundle's orders; CRD: the draft orders).</summary>
    public List<IndexedResource> Orders { get; } = [];

    /// <summary>The Coverage the request names (PAS: the focal insurance), when it names one.</summary>
    public IndexedResource? Coverage { get; set; }

    /// <summary>Claim.insurer: names the payer when the Coverage does not.</summary>
    public IndexedResource? Insurer { get; set; }

    /// <summary>References to the prescriber (Claim.provider, the order's requester).</summary>
    public List<(JsonObject Reference, IndexedResource From)> Prescribers { get; } = [];

    /// <summary>Claim.careTeam members other than the prescriber: the specialists consulted.</summary>
    public List<(JsonObject Member, IndexedResource From)> Consultants { get; } = [];

    public static FactSource At(IndexedResource resource, string? expression = null) =>
        new(FactSourceKind.Resource, resource.Reference, expression);

    /// <summary>
    /// Adds a fact when its value fits the catalog (a closed code set, a Boolean that is one); otherwise notes why not.
    /// Repeating facts are added once per value.
    /// </summary>
    public Fact? Emit(string name, object? value, FactSource source, IReadOnlyList<Fact>? derivedFrom = null)
    {
        var definition = FactCatalog.Find(name);
        if (definition is null || value is null) return null;
        if (definition.Kind == FactKind.Code && definition.AllowedCodes is { } allowed && !allowed.Contains(value as string))
        {
            Note($"{source}: '{value}' is not a value of {name}");
            return null;
        }
        if (!Fits(definition.Kind, value))
        {
            Note($"{source}: {value} does not fit {name} ({definition.Kind})");
            return null;
        }
        if (definition.Repeating && Evidence[name].Any(f => Equals(f.Value, value))) return null;
        var fact = new Fact(name, value, source, derivedFrom);
        Evidence.Add(fact);
        return Evidence[name][^1];
    }

    public void Note(string note) => Evidence.AddNote(note);

    public Fact? Latest(string name) => Evidence[name].Count > 0 ? Evidence[name][^1] : null;

    private static bool Fits(FactKind kind, object value) => kind switch
    {
        FactKind.Boolean => value is bool,
        FactKind.Integer => value is int or long || value is decimal m && m == decimal.Truncate(m),
        FactKind.Decimal => value is decimal or int or long,
        FactKind.Code => value is string { Length: > 0 },
        FactKind.Date => value is DateOnly or FhirPriorAuth.Fhir.FhirPath.Values.PartialDateTime,
        _ => false,
    };

    public static string Format(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
