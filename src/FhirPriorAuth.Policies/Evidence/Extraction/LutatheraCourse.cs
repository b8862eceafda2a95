namespace FhirPriorAuth.Policies.Evidence.Extraction;

/// <summary>
/// Lutathera doses already given, from every source clinical-evidence.md allows, and the course they belong to.
/// Each MedicationAdministration is one dose (one per day: an infusion interrupted and resumed the same day is one);
/// a MedicationStatement for a past course counts <c>dosage.timing.repeat.count</c> doses, less the administrations
/// inside its period (the same doses told twice); a statement without a count leaves the number unknown
/// (<c>dosesGivenIncomplete</c>, so the 4-dose cap pends rather than counting 0). A course is the doses chained back
/// from the date of service with gaps of at most 24 weeks (the 8-week interval plus the 16 weeks of delay the label
/// allows for toxicity); doses before a longer gap are an earlier course (<c>priorPrrtCourse</c>).
/// </summary>
internal static class LutatheraCourse
{
    private const int CourseGapDays = 24 * 7;

    private sealed record Dose(DateOnly? First, DateOnly? Last, int? Count, IndexedResource Resource);

    /// <summary>
    /// One record per dose: administrations on one day are one dose, and so is an infusion interrupted and resumed
    /// (an administration not completed — stopped, on hold, in progress — followed within a day by the next, or a
    /// resumption that names it in partOf). An interrupted infusion never counts as two doses toward the 4-dose cap.
    /// </summary>
    internal static List<TherapyRecord> OneDoseEach(IEnumerable<TherapyRecord> administrations)
    {
        var result = new List<TherapyRecord>();
        TherapyRecord? previous = null;
        foreach (var a in administrations.OrderBy(a => a.LastDose ?? a.Start ?? DateOnly.MinValue))
        {
            var day = a.LastDose ?? a.Start;
            var previousKey = previous is null ? null : string.Join('/', previous.Resource.Reference.Split('/')[^2..]);
            var partOfPrevious = previousKey is not null && a.Resource.Json.Objs("partOf")
                .Any(r => r.Str("reference") is { } reference && reference.EndsWith(previousKey, StringComparison.Ordinal));
            var sameDose = previous is not null && (day == (previous.LastDose ?? previous.Start) || partOfPrevious
                || previous.Resource.Json.Str("status") != "completed" && day is { } d && previous.LastDose is { } p && d.DayNumber - p.DayNumber <= 1);
            if (!sameDose) result.Add(a);
            previous = a;
        }
        return result;
    }

    public static void Extract(ExtractionContext ctx, List<TherapyRecord> records)
    {
        var lutathera = records.Where(t => t.Agent == "lutathera").ToList();
        var administrations = OneDoseEach(lutathera.Where(t => t.Resource.Type == "MedicationAdministration"));
        var doses = administrations.Select(a => new Dose(a.Start ?? a.LastDose, a.LastDose ?? a.Start, 1, a.Resource)).ToList();
        var incomplete = new List<TherapyRecord>();
        foreach (var s in lutathera.Where(t => t.Resource.Type == "MedicationStatement"))
        {
            if (Count(s) is not { } count) { incomplete.Add(s); continue; }
            var inside = administrations.Count(a => a.LastDose is { } d && s.Start is { } from && d >= from && d <= (s.LastDose ?? from));
            if (count > inside) doses.Add(new Dose(s.Start, s.LastDose ?? s.Start, count - inside, s.Resource));
        }

        var sources = doses.Select(d => new Fact("priorTherapy", "lutathera", ExtractionContext.At(d.Resource, d.Resource.Type + ".effective"))).ToList();
        if (incomplete.Count > 0)
        {
            ctx.Note("a Lutathera MedicationStatement states no dose count (dosage.timing.repeat.count): the doses already given are unknown");
            ctx.Emit("dosesGivenIncomplete", true, ExtractionContext.At(incomplete[0].Resource, "MedicationStatement.dosage"));
        }
        else if (doses.Count > 0)
            ctx.Emit("dosesGiven", doses.Sum(d => d.Count!.Value), new FactSource(FactSourceKind.Computed, "lutathera-doses-given"), sources);
        else if (ctx.Drug == "lutathera" && ctx.Latest("certificationType") is { Value: "initial" } initial)
            ctx.Emit("dosesGiven", 0, new FactSource(FactSourceKind.Computed, "lutathera-doses-given"), [initial]);

        if (ctx.Drug != "lutathera") return;
        var earlier = EarlierCourse(doses.Concat(incomplete.Select(s => new Dose(s.Start, s.LastDose ?? s.Start, null, s.Resource))).ToList(), ctx.ReferenceDate);
        if (earlier is not null)
            ctx.Emit("priorPrrtCourse", true, ExtractionContext.At(earlier.Resource, earlier.Resource.Type + ".effective"));
        else if (doses.Count > 0 || incomplete.Count > 0)
            ctx.Emit("priorPrrtCourse", false, new FactSource(FactSourceKind.Computed, "lutathera-course"), sources.Count > 0 ? sources : null);
    }

    /// <summary>The latest dose of an earlier course: walking back from the date of service, the first gap over 24 weeks.</summary>
    private static Dose? EarlierCourse(List<Dose> doses, DateOnly on)
    {
        var dated = doses.Where(d => d.Last is not null && d.Last <= on).OrderByDescending(d => d.Last).ToList();
        var chain = on;
        foreach (var d in dated)
        {
            if (chain.DayNumber - d.Last!.Value.DayNumber > CourseGapDays) return d;
            chain = d.First ?? d.Last.Value;
        }
        return null;
    }

    private static int? Count(TherapyRecord statement)
    {
        foreach (var dosage in statement.Resource.Json.Objs("dosage"))
            if (dosage.Obj("timing").Obj("repeat") is { } repeat && repeat["count"] is { } c
                && int.TryParse(c.ToString(), out var n) && n >= 0)
                return n;
        return null;
    }
}
