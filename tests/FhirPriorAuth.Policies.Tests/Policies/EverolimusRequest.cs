using System.Globalization;
using FhirPriorAuth.Fhir.FhirPath.Values;
using FhirPriorAuth.Policies.Evidence;

namespace FhirPriorAuth.Policies.Tests.Policies;

/// <summary>
/// An everolimus request described as catalog facts (name → values). The tests start from a patient who qualifies
/// under one pathway of Centene CP.PHAR.63 and change one fact at a time with a short text:
/// <c>"age=17"</c> sets, <c>"diagnosis=Q85.1|D43.1"</c> sets several values, <c>"-metastatic"</c> leaves a fact
/// undocumented, and <c>;</c> separates changes.
/// </summary>
public sealed class EverolimusRequest
{
    public static readonly DateOnly ServiceDate = new(2026, 3, 2);

    private readonly Dictionary<string, object[]> _facts;

    private EverolimusRequest(Dictionary<string, object[]> facts) => _facts = facts;

    public IReadOnlyDictionary<string, object[]> Facts => _facts;

    public object[] this[string name] => _facts.GetValueOrDefault(name) ?? [];

    public T? Single<T>(string name) => _facts.TryGetValue(name, out var v) && v.Length > 0 ? (T)v[0] : default;

    public bool Has(string name) => _facts.ContainsKey(name);

    /// <summary>A qualifying initial request for a pathway: <c>breast</c>, <c>net</c>, <c>rcc</c>, <c>aml</c>,
    /// <c>sega</c>, <c>seizures</c>, <c>transplant</c>, <c>endometrial</c> (I.H), or <c>continuation</c> (II.A).</summary>
    public static EverolimusRequest Qualifying(string pathway)
    {
        // Commercial, generic everolimus 10 mg once a day (one tablet) for 30 days, prescribed by a medical oncologist.
        var request = new EverolimusRequest(new Dictionary<string, object[]>(StringComparer.Ordinal)).Apply(
            "payer=centene;drug=everolimus;lineOfBusiness=commercial;continuation=false;product=everolimus-generic;" +
            "brandRequested=false;dailyDoseMg=10;tabletsPerDay=1;requestedDays=30;prescriberSpecialty=207RX0202X;age=60");
        request._facts["serviceDate"] = [PartialDateTime.ParseDate(ServiceDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))!];
        return request.Apply(pathway switch
        {
            "breast" => "diagnosis=C50.911;metastatic=true;hormoneReceptorStatus=positive;her2Status=negative;" +
                        "priorTherapy=letrozole;currentTherapy=exemestane",
            "net" => "diagnosis=C25.4;resectability=unresectable",
            "rcc" => "diagnosis=C64.1;metastatic=true;rccHistology=clear-cell;failedTherapy=sunitinib",
            "aml" => "diagnosis=Q85.1|D30.01;immediateSurgeryRequired=false",
            "sega" => "diagnosis=Q85.1|D43.1;age=8;prescriberSpecialty=2080P0207X;dailyDoseMg=4.5;tabletsPerDay=2",
            "seizures" => "diagnosis=Q85.1|G40.109;age=6;prescriberSpecialty=2084N0402X;adjunctiveTherapy=true;dailyDoseMg=5;tabletsPerDay=1;" +
                          "dosageForm=tablet-for-suspension",
            "transplant" => "diagnosis=Z94.0;transplant=kidney;age=50;prescriberSpecialty=207RN0300X;failedTherapy=tacrolimus;" +
                            "currentTherapy=basiliximab|cyclosporine|corticosteroid;dailyDoseMg=1.5;tabletsPerDay=2",
            "endometrial" => "diagnosis=C54.1;currentTherapy=letrozole",
            "continuation" => "continuation=true;diagnosis=C50.911;receivingDrugDays=120;respondingToTherapy=true;doseIncrease=false",
            _ => throw new ArgumentException($"no qualifying request for '{pathway}'", nameof(pathway)),
        });
    }

    /// <summary>A copy with the changes applied (see the class summary for the syntax).</summary>
    public EverolimusRequest With(string changes) =>
        new EverolimusRequest(new Dictionary<string, object[]>(_facts, StringComparer.Ordinal)).Apply(changes);

    private EverolimusRequest Apply(string changes)
    {
        foreach (var change in changes.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (change.StartsWith('-'))
            {
                _facts.Remove(change[1..]);
                continue;
            }
            var (name, text) = (change[..change.IndexOf('=')], change[(change.IndexOf('=') + 1)..]);
            var definition = FactCatalog.Find(name) ?? throw new ArgumentException($"'{name}' is not a catalog fact");
            _facts[name] = [.. text.Split('|').Select(v => Parse(definition.Kind, v))];
            // The product's NDC says whether it is a brand, as it does on a real claim.
            if (name == "product") _facts["brandRequested"] = [text != "everolimus-generic"];
        }
        return this;
    }

    private static object Parse(FactKind kind, string text) => kind switch
    {
        FactKind.Boolean => bool.Parse(text),
        FactKind.Integer => int.Parse(text, CultureInfo.InvariantCulture),
        FactKind.Decimal => decimal.Parse(text, CultureInfo.InvariantCulture),
        FactKind.Date => PartialDateTime.ParseDate(text)!,
        _ => text,
    };

    /// <summary>
    /// The facts as the evidence layer would hand them over, each from a nominal resource. As there, an agent the
    /// patient takes now or stopped for failure has also been received (priorTherapy).
    /// </summary>
    public EvidenceSet ToEvidence()
    {
        var set = new EvidenceSet();
        foreach (var (name, values) in _facts)
            foreach (var value in values)
            {
                set.Add(new Fact(name, value, new FactSource(FactSourceKind.Resource, $"Observation/{name}")));
                if (name is "currentTherapy" or "failedTherapy" or "therapyHistory" or "therapyStoppedOtherReason" or "therapyStopReasonUndocumented"
                    && !this["priorTherapy"].Contains(value))
                    set.Add(new Fact("priorTherapy", value, new FactSource(FactSourceKind.Resource, $"MedicationStatement/{value}")));
            }
        return set;
    }

    public override string ToString() =>
        string.Join("; ", _facts.Select(kv => kv.Key + "=" + string.Join("|", kv.Value)));
}
