namespace FhirPriorAuth.Policies.Evidence.Extraction;

/// <summary>
/// progressionOnSsa, "disease progression while on octreotide LAR or lanreotide" (CBC criterion 4, Wellmark 2.a/3.c): a
/// temporal overlap, not "any exposure ever". Each long-acting analogue course covers its first to its last dose plus
/// 12 weeks (84 days): the depot is given every 4 weeks and NETTER-1 restaged every 12 weeks, so a progression found at
/// the first restaging after the last injection is progression on the analogue. True when an analogue was stopped for
/// progression, or a worsening is dated inside a covered window; false when disease statuses are dated inside the
/// windows and none is a worsening; otherwise (statuses only before the analogue, or none) unknown — a worsening
/// that predates the analogue never says "no progression on it".
/// </summary>
internal static class SsaProgression
{
    private const int WindowDays = 84;

    public static void Extract(ExtractionContext ctx, List<TherapyRecord> records)
    {
        var ssa = records.Where(t => TherapyAgents.IsLongActingSsa(t.Agent)).ToList();
        if (ssa.Count == 0) return;
        var stopped = ssa.FirstOrDefault(t => Reasons(t).Contains("progress", StringComparison.Ordinal));
        if (stopped is not null)
        {
            ctx.Emit("progressionOnSsa", true, ExtractionContext.At(stopped.Resource, stopped.Resource.Type + ".statusReason"));
            return;
        }
        var on = ctx.ReferenceDate;
        var windows = ssa.Where(t => t.Start is not null)
            .Select(t => (Course: t, From: t.Start!.Value, To: t.Ongoing ? on : (t.LastDose ?? t.Start!.Value).AddDays(WindowDays)))
            .ToList();
        if (windows.Count == 0) return;
        var statuses = Statuses(ctx).Where(s => s.Day <= on).ToList();
        var inside = statuses.Where(s => windows.Any(w => s.Day >= w.From && s.Day <= w.To)).ToList();
        if (inside.Count == 0) return;
        var worsened = inside.LastOrDefault(s => s.Status == "worsened");
        var cited = worsened.Obs ?? inside[^1].Obs;
        var course = windows.First(w => (worsened.Obs is null ? inside[^1].Day : worsened.Day) is var d && d >= w.From && d <= w.To).Course;
        ctx.Emit("progressionOnSsa", worsened.Obs is not null, new FactSource(FactSourceKind.Computed, "progression-on-ssa"),
            [new Fact("progression", worsened.Status ?? inside[^1].Status, ExtractionContext.At(cited, "Observation.value")),
             new Fact("priorTherapy", course.Agent, ExtractionContext.At(course.Resource, course.Resource.Type + ".effective"))]);
    }

    private static List<(IndexedResource Obs, DateOnly Day, string Status)> Statuses(ExtractionContext ctx)
    {
        var result = new List<(IndexedResource, DateOnly, string)>();
        foreach (var r in ctx.Index.All.Where(r => r.Type == "Observation" && FhirJson.Has(r.Json.Obj("code"), "http://loinc.org", Codes.Progression)))
        {
            if (r.Json.Str("status") is "entered-in-error" or "cancelled") continue;
            var status = FhirJson.Codings(r.Json.Obj("valueCodeableConcept")).Select(c => Codes.ResultCode(c.System, c.Code))
                .FirstOrDefault(c => c is "worsened" or "stable" or "improved");
            if (status is not null && FhirJson.EffectiveDay(r.Json) is { } day) result.Add((r, day, status));
        }
        return result.OrderBy(s => s.Item2).ToList();
    }

    private static string Reasons(TherapyRecord t) =>
        string.Join(" ", t.Resource.Json.Objs("statusReason").Concat(t.Resource.Json.Objs("reasonCode")).Select(FhirJson.Words)).ToLowerInvariant();
}
