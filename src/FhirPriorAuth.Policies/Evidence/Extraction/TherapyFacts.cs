using System.Text.Json.Nodes;

namespace FhirPriorAuth.Policies.Evidence.Extraction;

/// <summary>One documented course or administration of an agent.</summary>
internal sealed record TherapyRecord(IndexedResource Resource, string Agent, DateOnly? Start, DateOnly? LastDose,
    DateTimeOffset? LastDoseAt, bool Ongoing, bool Failed, bool StoppedOtherReason = false, bool StopReasonUndocumented = false);

/// <summary>
/// Therapy history from MedicationStatement and MedicationAdministration: prior, current and failed agents, SSA
/// washouts, Lutathera doses given, time on the requested drug, and whether progression happened on an SSA.
/// </summary>
internal static class TherapyFacts
{
    private static readonly HashSet<string> NotGiven = ["entered-in-error", "not-taken", "not-done", "unknown"];

    public static List<TherapyRecord> Records(ExtractionContext ctx)
    {
        var records = new List<TherapyRecord>();
        foreach (var r in ctx.Index.All.Where(r => r.Type is "MedicationStatement" or "MedicationAdministration"))
        {
            var json = r.Json;
            if (json.Str("status") is { } status && NotGiven.Contains(status)) continue;
            var concept = json.Obj("medicationCodeableConcept") ?? ctx.Index.Resolve(json.Obj("medicationReference"), r)?.Json.Obj("code");
            if (TherapyAgents.Identify(concept) is not { } agent) { ctx.Note($"{r.Reference}: medication not recognised"); continue; }
            var period = json.Obj("effectivePeriod");
            var at = json.Str("effectiveDateTime");
            var start = FhirJson.Day(period.Str("start")) ?? FhirJson.Day(at);
            var endText = period.Str("end") ?? at;
            var ongoing = period is not null && period.Str("end") is null
                || json.Str("status") is "active" or "in-progress" or "intended";
            var reason = TherapyStopReasons.Classify(json);
            var stoppedUnexplained = reason == StopReason.None && json.Str("status") is "stopped" or "on-hold";
            records.Add(new TherapyRecord(r, agent, start, FhirJson.Day(endText), FhirJson.Instant(endText), ongoing,
                reason == StopReason.Failure, reason == StopReason.Other, stoppedUnexplained));
        }
        return records;
    }

    public static void Extract(ExtractionContext ctx, List<TherapyRecord> records)
    {
        var on = ctx.ReferenceDate;
        foreach (var t in records)
        {
            var source = ExtractionContext.At(t.Resource, t.Resource.Type + ".medication");
            ctx.Emit("priorTherapy", t.Agent, source);
            if (t.Ongoing || t.LastDose >= on) ctx.Emit("currentTherapy", t.Agent, source);
            if (t.Failed) ctx.Emit("failedTherapy", t.Agent, ExtractionContext.At(t.Resource, t.Resource.Type + ".statusReason"));
            if (t.StoppedOtherReason) ctx.Emit("therapyStoppedOtherReason", t.Agent, ExtractionContext.At(t.Resource, t.Resource.Type + ".statusReason"));
            if (t.StopReasonUndocumented) ctx.Emit("therapyStopReasonUndocumented", t.Agent, ExtractionContext.At(t.Resource, t.Resource.Type + ".status"));
            if (IsHistory(t, on)) ctx.Emit("therapyHistory", t.Agent, ExtractionContext.At(t.Resource, t.Resource.Type + ".effective"), Inputs(ctx));
        }

        LongActingWashout(ctx, records, on);
        ShortActingWashout(ctx, records, on);
        LutatheraCourse.Extract(ctx, records);
        ReceivingDrug(ctx, records, on);
    }

    /// <summary>
    /// Therapy received before this request: a course that ended before the date of service, or one still under way
    /// that began more than 30 days before it (two years of current tamoxifen is endocrine history; a partner begun
    /// with the requested drug, or merely ordered, is not).
    /// </summary>
    private static bool IsHistory(TherapyRecord t, DateOnly on) =>
        t.Start is { } start && start < on.AddDays(-30)
        || !t.Ongoing && t.LastDose is { } last && last < on;

    // An SSA course still documented as ongoing has no last dose to count from, so no washout is stated at all.
    private static void LongActingWashout(ExtractionContext ctx, List<TherapyRecord> records, DateOnly on)
    {
        var ssa = records.Where(t => TherapyAgents.IsLongActingSsa(t.Agent)).ToList();
        if (ssa.Any(t => t.Ongoing && t.Resource.Type == "MedicationStatement"))
        {
            ctx.Note("a long-acting somatostatin analogue is documented as ongoing; its washout is not counted");
            return;
        }
        var last = ssa.Where(t => t.LastDose is not null).MaxBy(t => t.LastDose);
        if (last?.LastDose is not { } day || day > on) return;
        ctx.Emit("longActingSsaWashoutDays", on.DayNumber - day.DayNumber,
            ExtractionContext.At(last.Resource, last.Resource.Type + ".effective"), Inputs(ctx));
    }

    // The date of service is taken as its first moment in the administration's time zone: the shortest washout the
    // request allows, so a borderline one is never overstated.
    private static void ShortActingWashout(ExtractionContext ctx, List<TherapyRecord> records, DateOnly on)
    {
        var last = records.Where(t => t.Agent == "octreotide" && t.LastDoseAt is not null).MaxBy(t => t.LastDoseAt);
        if (last?.LastDoseAt is not { } at) return;
        var start = new DateTimeOffset(on.ToDateTime(TimeOnly.MinValue), at.Offset);
        if (start < at) return;
        ctx.Emit("shortActingSsaWashoutHours", (int)Math.Floor((start - at).TotalHours),
            ExtractionContext.At(last.Resource, last.Resource.Type + ".effective"), Inputs(ctx));
    }

    // Days since the first documented dose of the requested drug, when the member is still on it.
    private static void ReceivingDrug(ExtractionContext ctx, List<TherapyRecord> records, DateOnly on)
    {
        if (ctx.Drug is not { } drug) return;
        var courses = records.Where(t => t.Agent == drug && t.Start is not null).ToList();
        if (courses.Count == 0 || !courses.Any(t => UnderWay(t, on))) return;
        var first = courses.MinBy(t => t.Start)!;
        if (first.Start > on) return;
        ctx.Emit("receivingDrugDays", on.DayNumber - first.Start!.Value.DayNumber,
            ExtractionContext.At(first.Resource, first.Resource.Type + ".effective"), Inputs(ctx));
    }

    /// <summary>
    /// continuation, respondingToTherapy and progressionOnSsa: these need the therapy history and the disease status together.
    /// </summary>
    public static void Conclusions(ExtractionContext ctx, List<TherapyRecord> records)
    {
        var certification = ctx.Latest("certificationType");
        var onDrug = ctx.Drug is { } drug ? records.FirstOrDefault(t => t.Agent == drug && UnderWay(t, ctx.ReferenceDate)) : null;
        Fact? continuation = null;
        if (certification is { Value: "renewal" or "extension" })
            continuation = ctx.Emit("continuation", true, new FactSource(FactSourceKind.Computed, "continuation"), [certification]);
        else if (onDrug is not null)
            continuation = ctx.Emit("continuation", true, ExtractionContext.At(onDrug.Resource, onDrug.Resource.Type + ".medication"));
        else if (certification is not null && ctx.Drug is not null)
            continuation = ctx.Emit("continuation", false, new FactSource(FactSourceKind.Computed, "continuation"), [certification]);

        Dose.Increase(ctx, records);

        var status = ctx.Latest("progression");
        if (status is not null && continuation is { Value: true } && StatusOnTherapy(ctx, records, status))
            ctx.Emit("respondingToTherapy", status.Value is "stable" or "improved", status.Source, [status, continuation]);

        SsaProgression.Extract(ctx, records);
    }

    /// <summary>
    /// "Responding to therapy" (Centene II.A.2) is a status documented after the requested drug started: the latest
    /// status dated before the first documented start says nothing about the response, so no fact is stated (the
    /// criterion pends). Without a documented start the latest status is taken; an undated one with a start is not.
    /// </summary>
    private static bool StatusOnTherapy(ExtractionContext ctx, List<TherapyRecord> records, Fact status)
    {
        if (ctx.Drug is not { } drug || records.Where(t => t.Agent == drug && t.Start is not null).MinBy(t => t.Start) is not { } first)
            return true;
        if (status.Source.Kind != FactSourceKind.Resource) return true;
        var observation = ctx.Index.All.FirstOrDefault(r => r.Reference == status.Source.Reference);
        if (observation is null || FhirJson.EffectiveDay(observation.Json) is not { } day)
        {
            ctx.Note("the latest disease status is undated; whether the member responds to therapy is not read from it");
            return false;
        }
        if (day >= first.Start!.Value) return true;
        ctx.Note($"the latest disease status ({day:yyyy-MM-dd}) predates the start of {drug} ({first.Start:yyyy-MM-dd}); it says nothing about the response");
        return false;
    }

    /// <summary>
    /// Therapy still under way on <paramref name="on"/>: any Lutathera administration (its doses are eight weeks apart),
    /// else a course that is ongoing or whose last dose was within 30 days; a longer gap is a restart.
    /// </summary>
    private static bool UnderWay(TherapyRecord t, DateOnly on) =>
        t.Agent == "lutathera" && t.Resource.Type == "MedicationAdministration"
        || t.Ongoing || t.LastDose is { } last && last >= on.AddDays(-30);

    private static string Reasons(JsonObject json) =>
        string.Join(" ", json.Objs("statusReason").Concat(json.Objs("reasonCode")).Select(FhirJson.Words)).ToLowerInvariant();

    private static IReadOnlyList<Fact>? Inputs(ExtractionContext ctx) => ctx.ServiceDate is { } sd ? [sd] : null;
}
