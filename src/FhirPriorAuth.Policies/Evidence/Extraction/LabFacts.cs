namespace FhirPriorAuth.Policies.Evidence.Extraction;

/// <summary>
/// Laboratory-derived facts: CTCAE v5.0 grades of the latest blood counts and
/// their recurrence since the first Lutathera dose, and hepatotoxicity episodes.
/// </summary>
internal static class LabFacts
{
    private sealed record Result(IndexedResource Obs, DateOnly? Day, decimal Value, decimal? Low, decimal? High);

    // Lower limits of normal when the lab gives no reference range (adult, conservative).
    private const decimal PlateletLln = 150m, HemoglobinLln = 12m, AncLln = 2.0m;
    private const decimal BilirubinUln = 1.2m; // mg/dL
    // Prothrombin activity (Quick %) is approximated as 100/INR (ISI close to 1), so "prothrombin ratio < 70%"
    // reads as INR > 100/70 ≈ 1.43.
    private const decimal InrForProthrombinBelow70 = 100m / 70m;
    private const int SameEpisodeDays = 3;

    public static void Extract(ExtractionContext ctx, List<TherapyRecord> records)
    {
        var doses = records.Where(t => t.Agent == "lutathera" && t.Resource.Type == "MedicationAdministration")
            .Select(t => t.Start ?? t.LastDose).OfType<DateOnly>().Order().ToList();
        DateOnly? firstDose = doses.Count > 0 ? doses[0] : null;

        var platelets = Results(ctx, Codes.Platelets, "10*9/L");
        var hemoglobin = Results(ctx, Codes.Hemoglobin, "g/dL");
        var anc = Results(ctx, Codes.Anc, "10*9/L");
        Grades(ctx, platelets, PlateletGrade, "plateletGrade", "thrombocytopeniaGrade2PlusCount", 2, doses);
        Grades(ctx, hemoglobin, AnemiaGrade, "anemiaGrade", "anemiaGrade3PlusCount", 3, doses);
        Grades(ctx, anc, NeutropeniaGrade, "neutropeniaGrade", "neutropeniaGrade3PlusCount", 3, doses);
        if (firstDose is { } since) Hepatotoxicity(ctx, since, doses);
    }

    /// <summary>CTCAE v5.0 platelet count decreased: G1 &lt; LLN, G2 &lt; 75, G3 &lt; 50, G4 &lt; 25 (10^9/L).</summary>
    public static int PlateletGrade(decimal value, decimal? lln) =>
        value < 25 ? 4 : value < 50 ? 3 : value < 75 ? 2 : value < (lln ?? PlateletLln) ? 1 : 0;

    /// <summary>CTCAE v5.0 anemia: G1 &lt; LLN, G2 &lt; 10, G3 &lt; 8 g/dL (grade 4 is clinical, not a value).</summary>
    public static int AnemiaGrade(decimal value, decimal? lln) =>
        value < 8 ? 3 : value < 10 ? 2 : value < (lln ?? HemoglobinLln) ? 1 : 0;

    /// <summary>CTCAE v5.0 neutrophil count decreased: G1 &lt; LLN, G2 &lt; 1.5, G3 &lt; 1.0, G4 &lt; 0.5 (10^9/L).</summary>
    public static int NeutropeniaGrade(decimal value, decimal? lln) =>
        value < 0.5m ? 4 : value < 1.0m ? 3 : value < 1.5m ? 2 : value < (lln ?? AncLln) ? 1 : 0;

    /// <summary>Cockcroft-Gault: (140 − age) × weight / (72 × creatinine), × 0.85 for women; mL/min.</summary>
    public static decimal CockcroftGault(int age, decimal weightKg, decimal creatinineMgDl, bool female) =>
        decimal.Round((140 - age) * weightKg / (72m * creatinineMgDl) * (female ? 0.85m : 1m), 1, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Creatinine clearance by Cockcroft-Gault (computed once every source is merged, see DerivedEvidence) when the set states none and states creatinine, weight, age and sex
    /// each with one agreed value (whichever source gave them); else null.
    /// </summary>
    public static Fact? CockcroftGaultFrom(EvidenceSet evidence)
    {
        if (evidence.Has("creatinineClearance")) return null;
        Fact? Agreed(string name) => DerivedEvidence.Agreed(evidence, name);
        if (Agreed("serumCreatinine") is not { Value: decimal cr } creatinine || cr <= 0
            || Agreed("bodyWeight") is not { Value: decimal kg } weight || kg <= 0
            || Agreed("age") is not { Value: int age } ageFact
            || Agreed("sex") is not { Value: "female" or "male" } sex) return null;
        return new Fact("creatinineClearance", CockcroftGault(age, kg, cr, (string)sex.Value == "female"),
            new FactSource(FactSourceKind.Computed, "cockcroft-gault"), [creatinine, weight, ageFact, sex]);
    }

    private static List<Result> Results(ExtractionContext ctx, string loinc, string unit)
    {
        var results = new List<Result>();
        foreach (var (obs, day) in ObservationFacts.Dated(ctx.Index.OfType("Observation")
                     .Where(o => PatientFacts.IsActive(o.Json) && FhirJson.Has(o.Json.Obj("code"), FactCatalog.Loinc, loinc))))
        {
            var quantity = obs.Json.Obj("valueQuantity");
            if (Units.Convert(quantity, unit, loinc) is not { } value) { ctx.Note($"{obs.Reference}: result not readable in {unit}"); continue; }
            var range = obs.Json.Objs("referenceRange").FirstOrDefault();
            results.Add(new Result(obs, day, value, Units.Convert(range.Obj("low"), unit, loinc), Units.Convert(range.Obj("high"), unit, loinc)));
        }
        return results;
    }

    private static void Grades(ExtractionContext ctx, List<Result> results, Func<decimal, decimal?, int> grade,
        string gradeFact, string countFact, int countFrom, List<DateOnly> doses)
    {
        if (results.Count == 0) return;
        var latest = results[^1];
        ctx.Emit(gradeFact, grade(latest.Value, latest.Low), ExtractionContext.At(latest.Obs, "Observation.valueQuantity"));
        if (doses.Count == 0) return;
        var since = doses[0];
        var dated = results.Where(r => r.Day >= since).OrderBy(r => r.Day).ToList();
        var counted = Episodes(dated, r => grade(r.Value, r.Low) >= countFrom, doses);
        ctx.Emit(countFact, counted.Count, new FactSource(FactSourceKind.Computed, $"ctcae-grade-{countFrom}-plus-since-first-lutathera-dose"),
            [.. counted.Select(r => new Fact(gradeFact, grade(r.Value, r.Low), ExtractionContext.At(r.Obs, "Observation.valueQuantity")))]);
    }

    // An episode is a day with bilirubin > 3 × ULN, or albumin < 30 g/L with an INR (within three days) meaning a
    // prothrombin ratio under 70 %. Several findings on one day are one episode.
    /// <summary>
    /// "Recurrent" toxicity counts episodes, not draws: a toxic result opens an episode; the episode ends at a result
    /// below the grade (recovery) or at a Lutathera dose given after it (treatment resumed after a hold). Two draws in
    /// one nadir are one episode. Returns the first result of each episode.
    /// </summary>
    private static List<Result> Episodes(List<Result> dated, Func<Result, bool> toxic, List<DateOnly> doses)
    {
        var first = new List<Result>();
        Result? open = null;
        foreach (var r in dated)
        {
            if (!toxic(r)) { open = null; continue; }
            if (open is not null && doses.Any(d => d > open.Day && d <= r.Day)) open = null;
            if (open is null) first.Add(r);
            open = r;
        }
        return first;
    }

    private static void Hepatotoxicity(ExtractionContext ctx, DateOnly since, List<DateOnly> doses)
    {
        var bilirubin = Results(ctx, Codes.Bilirubin, "mg/dL").Where(r => r.Day >= since).ToList();
        var albumin = Results(ctx, Codes.Albumin, "g/L").Where(r => r.Day >= since).ToList();
        var inr = Results(ctx, Codes.Inr, "{INR}").Where(r => r.Day >= since).ToList();
        if (bilirubin.Count == 0 && albumin.Count == 0) return;

        var episodes = new SortedDictionary<DateOnly, List<Result>>();
        void Add(DateOnly day, params Result[] found)
        {
            if (!episodes.TryGetValue(day, out var list)) episodes[day] = list = [];
            list.AddRange(found);
        }
        foreach (var b in bilirubin.Where(b => b.Day is not null && b.Value > 3 * (b.High ?? BilirubinUln)))
            Add(b.Day!.Value, b);
        foreach (var a in albumin.Where(a => a.Day is not null && a.Value < 30m))
            if (inr.FirstOrDefault(i => i.Day is { } d && Math.Abs(d.DayNumber - a.Day!.Value.DayNumber) <= SameEpisodeDays
                                        && i.Value > InrForProthrombinBelow70) is { } i)
                Add(a.Day!.Value, a, i);
        // Days in one run of abnormal bilirubin (no normal bilirubin and no Lutathera dose between them) are one episode.
        var days = episodes.Keys.ToList();
        var count = 0;
        DateOnly? last = null;
        foreach (var day in days)
        {
            var recovered = last is null || bilirubin.Any(b => b.Day > last && b.Day < day && b.Value <= 3 * (b.High ?? BilirubinUln))
                            || doses.Any(d => d > last && d <= day);
            if (recovered) count++;
            last = day;
        }
        ctx.Emit("hepatotoxicityCount", count, new FactSource(FactSourceKind.Computed, "hepatotoxicity-episodes-since-first-lutathera-dose"),
            [.. episodes.Values.SelectMany(l => l).Select(f => new Fact("hepatotoxicityCount", 1, ExtractionContext.At(f.Obs, "Observation.valueQuantity")))]);
    }
}
