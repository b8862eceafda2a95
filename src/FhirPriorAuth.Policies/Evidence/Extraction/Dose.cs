using System.Text.Json.Nodes;

namespace FhirPriorAuth.Policies.Evidence.Extraction;

/// <summary>
/// Daily dose from MedicationRequest.dosageInstruction (dose × frequency / period) and tablets per day from the
/// strength in Medication.ingredient — never parsed out of a code or a name.
/// </summary>
internal static class Dose
{
    private static readonly Dictionary<string, decimal> TimingCodesPerDay = new(StringComparer.OrdinalIgnoreCase)
    {
        ["QD"] = 1, ["BID"] = 2, ["TID"] = 3, ["QID"] = 4, ["AM"] = 1, ["PM"] = 1, ["QOD"] = 0.5m, ["WK"] = 1m / 7m,
    };

    private static readonly HashSet<string> TabletUnits = new(StringComparer.OrdinalIgnoreCase) { "{tbl}", "tablet", "tablets", "TAB", "{tablet}" };

    public static void DailyDose(ExtractionContext ctx, IndexedResource order, IndexedResource? medication)
    {
        var strength = Strength(medication?.Json);
        if (DailyMg(order.Json.Objs("dosageInstruction"), strength, unit => ctx.Note($"{order.Reference}: dose in '{unit}' is not read as mg"))
            is not { } mgPerDay) return;
        var daily = ctx.Emit("dailyDoseMg", mgPerDay, ExtractionContext.At(order, $"{order.Type}.dosageInstruction"));
        if (strength is { } mgPerTablet and > 0 && daily is not null)
            ctx.Emit("tabletsPerDay", Round(mgPerDay / mgPerTablet),
                ExtractionContext.At(medication!, "Medication.ingredient.strength"), [daily]);
    }

    /// <summary>
    /// mg per day over Dosage elements (MedicationRequest.dosageInstruction, MedicationStatement.dosage): each dose in
    /// mg, or in tablets times the strength, times administrations per day. Null when no dose is readable.
    /// </summary>
    public static decimal? DailyMg(IEnumerable<JsonObject> dosages, decimal? strength, Action<string?> unreadableUnit)
    {
        decimal mgPerDay = 0;
        var any = false;
        foreach (var instruction in dosages)
        {
            if (PerDay(instruction.Obj("timing")) is not { } perDay) continue;
            foreach (var doseAndRate in instruction.Objs("doseAndRate"))
            {
                if (doseAndRate.Obj("doseQuantity") is not { } dose || dose.Dec("value") is not { } value) continue;
                var unit = Units.UnitOf(dose);
                decimal? mg = unit == "mg" ? value : unit is not null && TabletUnits.Contains(unit) && strength is { } s ? value * s : null;
                if (mg is null) { unreadableUnit(unit); continue; }
                mgPerDay += mg.Value * perDay;
                any = true;
            }
        }
        return any ? Round(mgPerDay) : null;
    }

    /// <summary>
    /// doseIncrease on a continuation: the requested daily dose against the dose of the ongoing MedicationStatement
    /// for the same drug.
    /// </summary>
    public static void Increase(ExtractionContext ctx, List<TherapyRecord> records)
    {
        if (ctx.Latest("dailyDoseMg") is not { Value: decimal requested } daily || ctx.Drug is not { } drug) return;
        foreach (var current in records.Where(t => t.Agent == drug && t.Ongoing && t.Resource.Type == "MedicationStatement"))
        {
            var medication = ctx.Index.Resolve(current.Resource.Json.Obj("medicationReference"), current.Resource);
            if (DailyMg(current.Resource.Json.Objs("dosage"), Strength(medication?.Json), _ => { }) is not { } was) continue;
            ctx.Emit("doseIncrease", requested > was, new FactSource(FactSourceKind.Computed, "requested-over-current-daily-dose"),
                [daily, new Fact("dailyDoseMg", was, ExtractionContext.At(current.Resource, "MedicationStatement.dosage"))]);
            return;
        }
    }

    /// <summary>Administrations per day from timing.repeat (frequency per period) or a timing code (BID).</summary>
    private static decimal? PerDay(JsonObject? timing)
    {
        if (timing.Obj("repeat") is { } repeat)
        {
            var frequency = repeat.Dec("frequency") ?? 1;
            var period = repeat.Dec("period") ?? 1;
            var days = (repeat.Str("periodUnit") ?? "d") switch { "d" => 1m, "h" => 1m / 24m, "wk" => 7m, "mo" => 30.4375m, _ => (decimal?)null };
            if (days is { } d && period > 0) return frequency / (period * d);
        }
        return FhirJson.Codings(timing.Obj("code")).Select(c => c.Code is { } code && TimingCodesPerDay.TryGetValue(code, out var n) ? n : (decimal?)null)
            .FirstOrDefault(n => n is not null);
    }

    /// <summary>mg per tablet: the everolimus ingredient's strength (numerator mg over one tablet), else the first mg strength.</summary>
    private static decimal? Strength(JsonObject? medication)
    {
        var ingredients = medication.Objs("ingredient").ToList();
        var preferred = ingredients.Where(i => TherapyAgents.Identify(i.Obj("itemCodeableConcept")) == "everolimus").Concat(ingredients);
        foreach (var ingredient in preferred)
        {
            var ratio = ingredient.Obj("strength");
            if (Units.UnitOf(ratio.Obj("numerator") ?? new JsonObject()) != "mg" || ratio.Obj("numerator").Dec("value") is not { } mg) continue;
            var per = ratio.Obj("denominator").Dec("value") ?? 1;
            if (per > 0) return mg / per;
        }
        return null;
    }

    private static decimal Round(decimal value) => decimal.Round(value, 3, MidpointRounding.AwayFromZero);
}
