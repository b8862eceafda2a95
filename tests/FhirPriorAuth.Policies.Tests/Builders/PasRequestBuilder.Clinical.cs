using System.Globalization;
using System.Text.Json.Nodes;

namespace FhirPriorAuth.Policies.Tests.Builders;

// Observations, therapy history and labs, coded as shared/clinical-evidence.md describes.
public sealed partial class PasRequestBuilder
{
    /// <summary>Ki-67 index in percent (LOINC 29593-1).</summary>
    public PasRequestBuilder Ki67(decimal percent) =>
        Observation("ki67", Concept(Loinc, "29593-1"), "valueQuantity", Qty(percent, "%"));

    /// <summary>Mitoses per 10 HPF (pa-evidence#mitotic-rate).</summary>
    public PasRequestBuilder MitoticRate(decimal per10Hpf) =>
        Observation("mitotic-rate", Concept(PaEvidence, "mitotic-rate"), "valueQuantity",
            new JsonObject { ["value"] = per10Hpf, ["unit"] = "/10 HPF", ["system"] = Ucum, ["code"] = "/{10HPF}" });

    /// <summary>SSTR imaging (pa-evidence#sstr-imaging) valued SNOMED 10828004 positive / 260385009 negative.</summary>
    public PasRequestBuilder SstrImaging(bool positive) =>
        Observation("sstr-imaging", Concept(PaEvidence, "sstr-imaging"), "valueCodeableConcept",
            Concept(Snomed, positive ? "10828004" : "260385009"));

    /// <summary>Disease status (LOINC 97509-4): <c>worsened</c>, <c>stable</c> or <c>improved</c>, dated <paramref name="date"/>.</summary>
    public PasRequestBuilder Progression(string status, DateOnly? date = null)
    {
        var snomed = status switch { "worsened" => "271299001", "stable" => "359746009", "improved" => "268910001",
            _ => throw new ArgumentException("worsened, stable or improved", nameof(status)) };
        return Observation(NextId("progression"), Concept(Loinc, "97509-4"), "valueCodeableConcept", Concept(Snomed, snomed),
            date ?? _serviceDate.AddDays(-14));
    }

    /// <summary>pa-evidence#resectability valued <c>unresectable</c>, <c>locally-advanced</c>, <c>metastatic</c> or <c>resectable</c>.</summary>
    public PasRequestBuilder Resectability(string code) =>
        Observation(NextId("resectability"), Concept(PaEvidence, "resectability"), "valueCodeableConcept", Concept(PaEvidence, code));

    /// <summary>Clinical M (LOINC 21907-1) valued M1 (or M0).</summary>
    public PasRequestBuilder ClinicalM(bool m1 = true) =>
        Observation("clinical-m", Concept(Loinc, "21907-1"), "valueCodeableConcept",
            Concept("http://cancerstaging.org", m1 ? "cM1" : "cM0"));

    /// <summary>A pa-evidence Observation with a boolean value, e.g. <c>Flag("tumor-necrosis", true)</c>.</summary>
    public PasRequestBuilder Flag(string paEvidenceCode, bool value) =>
        Observation(paEvidenceCode, Concept(PaEvidence, paEvidenceCode), "valueBoolean", JsonValue.Create(value));

    /// <summary>A pa-evidence Observation with a coded value from pa-evidence, e.g. <c>Coded("rcc-histology", "clear-cell")</c>.</summary>
    public PasRequestBuilder Coded(string paEvidenceCode, string valueCode) =>
        Observation(NextId(paEvidenceCode), Concept(PaEvidence, paEvidenceCode), "valueCodeableConcept", Concept(PaEvidence, valueCode));

    /// <summary>A pa-evidence Observation with an integer value, e.g. <c>Count("nonhematologic-toxicity", 1)</c>.</summary>
    public PasRequestBuilder Count(string paEvidenceCode, int value) =>
        Observation(paEvidenceCode, Concept(PaEvidence, paEvidenceCode), "valueInteger", JsonValue.Create(value));

    public PasRequestBuilder TumorNecrosis(bool present) => Flag("tumor-necrosis", present);
    public PasRequestBuilder AdequateOrganFunction(bool attested = true) => Flag("adequate-organ-function", attested);

    /// <summary>Karnofsky performance status (LOINC 89243-0, valueInteger).</summary>
    public PasRequestBuilder Karnofsky(int score) =>
        Observation("karnofsky", Concept(Loinc, "89243-0"), "valueInteger", JsonValue.Create(score));

    /// <summary>Measured creatinine clearance in mL/min (LOINC 35591-7).</summary>
    public PasRequestBuilder CreatinineClearance(decimal mlPerMin) =>
        Observation("creatinine-clearance", Concept(Loinc, "35591-7"), "valueQuantity", Qty(mlPerMin, "mL/min"));

    /// <summary>Serum creatinine (mg/dL, LOINC 2160-0) and, when given, body weight (kg, LOINC 29463-7).</summary>
    public PasRequestBuilder Creatinine(decimal mgPerDl, decimal? weightKg = null)
    {
        Observation("creatinine", Concept(Loinc, "2160-0"), "valueQuantity", Qty(mgPerDl, "mg/dL"));
        return weightKg is { } w ? Weight(w) : this;
    }

    public PasRequestBuilder Weight(decimal kg) => Observation("weight", Concept(Loinc, "29463-7"), "valueQuantity", Qty(kg, "kg"));

    /// <summary>Platelet count in 10^9/L (LOINC 777-3).</summary>
    public PasRequestBuilder Platelets(decimal per10e9L, DateOnly? date = null) =>
        Lab("platelets", "777-3", per10e9L, "10*9/L", date);

    /// <summary>Hemoglobin in g/dL (LOINC 718-7).</summary>
    public PasRequestBuilder Hemoglobin(decimal gPerDl, DateOnly? date = null) => Lab("hemoglobin", "718-7", gPerDl, "g/dL", date);

    /// <summary>Absolute neutrophil count in 10^9/L (LOINC 751-8).</summary>
    public PasRequestBuilder Anc(decimal per10e9L, DateOnly? date = null) => Lab("anc", "751-8", per10e9L, "10*9/L", date);

    /// <summary>Total bilirubin in mg/dL (LOINC 1975-2) with the lab's upper limit of normal as referenceRange.high.</summary>
    public PasRequestBuilder Bilirubin(decimal mgPerDl, decimal upperLimit = 1.2m, DateOnly? date = null)
    {
        Lab("bilirubin", "1975-2", mgPerDl, "mg/dL", date);
        ((JsonObject)_resources[^1].Resource)["referenceRange"] = new JsonArray(new JsonObject { ["high"] = Qty(upperLimit, "mg/dL") });
        return this;
    }

    /// <summary>Albumin (LOINC 1751-7) in <paramref name="unit"/> (<c>g/L</c> or <c>g/dL</c>).</summary>
    public PasRequestBuilder Albumin(decimal value, string unit = "g/L", DateOnly? date = null) => Lab("albumin", "1751-7", value, unit, date);

    /// <summary>INR (LOINC 6301-6).</summary>
    public PasRequestBuilder Inr(decimal inr, DateOnly? date = null) => Lab("inr", "6301-6", inr, "{INR}", date);

    /// <summary>ER (85337-4) and PR (85339-0) results, SNOMED positive/negative.</summary>
    public PasRequestBuilder HormoneReceptors(bool erPositive, bool prPositive)
    {
        Observation("er", Concept(Loinc, "85337-4"), "valueCodeableConcept", Concept(Snomed, erPositive ? "10828004" : "260385009"));
        return Observation("pr", Concept(Loinc, "85339-0"), "valueCodeableConcept", Concept(Snomed, prPositive ? "10828004" : "260385009"));
    }

    /// <summary>HER2 result (LOINC 85319-2), SNOMED positive/negative.</summary>
    public PasRequestBuilder Her2(bool positive) =>
        Observation("her2", Concept(Loinc, "85319-2"), "valueCodeableConcept", Concept(Snomed, positive ? "10828004" : "260385009"));

    // ---- Therapy history ---------------------------------------------------------------------------------------

    /// <summary>
    /// Octreotide LAR (HCPCS J2353) or lanreotide (<c>agent: "lanreotide"</c>, J1930) as a MedicationStatement from
    /// <paramref name="start"/> (default: a year before the last dose) to <paramref name="lastDose"/>.
    /// </summary>
    public PasRequestBuilder LongActingSsa(DateOnly lastDose, DateOnly? start = null, string agent = "octreotide-lar",
        string status = "completed", string? stopReason = null) =>
        Therapy(agent, start ?? lastDose.AddYears(-1), lastDose, status, stopReason);

    /// <summary>Short-acting octreotide (HCPCS J2354) administered at <paramref name="at"/>.</summary>
    public PasRequestBuilder ShortActingOctreotide(DateTimeOffset at)
    {
        Add("MedicationAdministration", NextId("octreotide"), new JsonObject
        {
            ["status"] = "completed",
            ["medicationCodeableConcept"] = Concept(Hcpcs, "J2354"),
            ["subject"] = Ref("Patient", "patient"),
            ["effectiveDateTime"] = at.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
        });
        return this;
    }

    /// <summary>
    /// A MedicationStatement for a therapy agent (FactCatalog.TherapyAgents name). <paramref name="end"/> null and status
    /// <c>active</c> means current therapy; a <paramref name="stopReason"/> (e.g. <c>progression</c>) marks it failed.
    /// </summary>
    public PasRequestBuilder Therapy(string agent, DateOnly start, DateOnly? end = null, string status = "completed", string? stopReason = null)
    {
        var period = new JsonObject { ["start"] = Date(start) };
        if (end is { } e) period["end"] = Date(e);
        var statement = new JsonObject
        {
            ["status"] = end is null && status == "completed" ? "active" : status,
            ["medicationCodeableConcept"] = TherapyCode(agent),
            ["subject"] = Ref("Patient", "patient"),
            ["effectivePeriod"] = period,
        };
        if (stopReason is not null)
            statement["statusReason"] = new JsonArray(new JsonObject { ["text"] = stopReason });
        Add("MedicationStatement", NextId(agent), statement);
        return this;
    }

    /// <summary>
    /// An ongoing everolimus MedicationStatement since <paramref name="start"/> at <paramref name="dailyDoseMg"/> once a
    /// day: the current dose a continuation request is compared with.
    /// </summary>
    public PasRequestBuilder CurrentEverolimus(DateOnly start, decimal dailyDoseMg)
    {
        Add("MedicationStatement", NextId("everolimus-current"), new JsonObject
        {
            ["status"] = "active",
            ["medicationCodeableConcept"] = Concept(RxNorm, "141704", "everolimus"),
            ["subject"] = Ref("Patient", "patient"),
            ["effectivePeriod"] = new JsonObject { ["start"] = Date(start) },
            ["dosage"] = new JsonArray(new JsonObject
            {
                ["timing"] = new JsonObject { ["repeat"] = new JsonObject { ["frequency"] = 1, ["period"] = 1, ["periodUnit"] = "d" } },
                ["doseAndRate"] = new JsonArray(new JsonObject { ["doseQuantity"] = Qty(dailyDoseMg, "mg") }),
            }),
        });
        return this;
    }

    /// <summary>
    /// A past Lutathera course told as a MedicationStatement (RxNorm 1999682) from <paramref name="start"/> to
    /// <paramref name="end"/>, with <c>dosage.timing.repeat.count</c> = <paramref name="count"/> (none when null).
    /// </summary>
    public PasRequestBuilder LutatheraCourseStatement(DateOnly start, DateOnly end, int? count)
    {
        var statement = new JsonObject
        {
            ["status"] = "completed",
            ["medicationCodeableConcept"] = Concept(RxNorm, "1999682", "lutetium Lu 177 dotatate"),
            ["subject"] = Ref("Patient", "patient"),
            ["effectivePeriod"] = new JsonObject { ["start"] = Date(start), ["end"] = Date(end) },
        };
        if (count is { } n)
            statement["dosage"] = new JsonArray(new JsonObject { ["timing"] = new JsonObject { ["repeat"] = new JsonObject { ["count"] = n } } });
        Add("MedicationStatement", NextId("lutathera-course"), statement);
        return this;
    }

    /// <summary>A Lutathera dose already given (MedicationAdministration, HCPCS A9513) on <paramref name="date"/>.</summary>
    /// <summary>A Lutathera MedicationAdministration; <paramref name="status"/> <c>stopped</c> for an interrupted infusion.</summary>
    public PasRequestBuilder LutatheraDoseGiven(DateOnly date, string status = "completed")
    {
        Add("MedicationAdministration", NextId("lutathera-dose"), new JsonObject
        {
            ["status"] = status,
            ["medicationCodeableConcept"] = Concept(Hcpcs, "A9513"),
            ["subject"] = Ref("Patient", "patient"),
            ["effectiveDateTime"] = Date(date),
            ["dosage"] = new JsonObject { ["dose"] = Qty(200, "mCi") },
        });
        return this;
    }

    /// <summary>Transplant status as a diagnosis: <c>kidney</c> (Z94.0) or <c>liver</c> (Z94.4).</summary>
    public PasRequestBuilder Transplant(string organ) =>
        Diagnosis(organ switch { "kidney" => "Z94.0", "liver" => "Z94.4", _ => throw new ArgumentException("kidney or liver", nameof(organ)) });

    private static JsonObject TherapyCode(string agent) => agent switch
    {
        "octreotide-lar" => Concept(Hcpcs, "J2353", "Octreotide LAR"),
        "octreotide" => Concept(Hcpcs, "J2354", "Octreotide"),
        "lanreotide" => Concept(Hcpcs, "J1930", "Lanreotide"),
        "lutathera" => Concept(Hcpcs, "A9513", "Lutathera"),
        "everolimus" => Concept(RxNorm, "141704", "everolimus"),
        _ => new JsonObject { ["text"] = agent },
    };

    // ---- Plumbing ----------------------------------------------------------------------------------------------

    private PasRequestBuilder Lab(string idPrefix, string loinc, decimal value, string ucum, DateOnly? date) =>
        Observation(NextId(idPrefix), Concept(Loinc, loinc), "valueQuantity", Qty(value, ucum), date);

    /// <summary>Adds a final Observation with <paramref name="code"/> and a value[x]; dated <paramref name="date"/> (default: a week before service).</summary>
    public PasRequestBuilder Observation(string id, JsonObject code, string valueElement, JsonNode? value, DateOnly? date = null)
    {
        var obs = new JsonObject
        {
            ["status"] = "final",
            ["code"] = code,
            ["subject"] = Ref("Patient", "patient"),
            ["effectiveDateTime"] = Date(date ?? _serviceDate.AddDays(-7)),
            [valueElement] = value,
        };
        Add("Observation", UniqueId(id), obs);
        return this;
    }

    private JsonObject Add(string type, string id, JsonObject resource)
    {
        resource["resourceType"] = type;
        resource["id"] = id;
        var body = new JsonObject { ["resourceType"] = type, ["id"] = id };
        foreach (var (k, v) in resource.ToList())
            if (k is not "resourceType" and not "id") { resource.Remove(k); body[k] = v; }
        _resources.Add((type, id, body));
        return body;
    }

    private string NextId(string prefix) => $"{prefix}-{++_sequence}";

    private string UniqueId(string id) => _resources.Any(r => r.Id == id) ? NextId(id) : id;

    public static JsonObject Concept(string system, string code, string? display = null)
    {
        var coding = new JsonObject { ["system"] = system, ["code"] = code };
        if (display is not null) coding["display"] = display;
        return new JsonObject { ["coding"] = new JsonArray(coding) };
    }

    public static JsonObject Qty(decimal value, string ucum) =>
        new() { ["value"] = value, ["unit"] = ucum, ["system"] = Ucum, ["code"] = ucum };

    public static JsonObject Ref(string type, string id) => new() { ["reference"] = $"{type}/{id}" };

    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
