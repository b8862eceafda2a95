using System.Text.Json.Nodes;

namespace FhirPriorAuth.Policies.Evidence.Extraction;

/// <summary>
/// Facts stated by Observations whose code is a catalog coding (Ki-67, SSTR imaging, disease status, the pa-evidence
/// attestations...). A single-valued fact takes the latest Observation with a usable value (every one dated that same
/// day: same-day results that differ are a conflict); older ones are history, not disagreement.
/// </summary>
internal static class ObservationFacts
{
    private const string Loinc = FactCatalog.Loinc;

    public static void Extract(ExtractionContext ctx)
    {
        var observations = Dated(ctx.Index.OfType("Observation").Where(o => PatientFacts.IsActive(o.Json))).ToList();
        var byFact = new Dictionary<FactDefinition, List<(IndexedResource Obs, DateOnly? Day)>>();
        foreach (var (obs, day) in observations)
        {
            var definition = FhirJson.Codings(obs.Json.Obj("code")).Select(c => FactCatalog.FindByCoding(c.System, c.Code))
                .FirstOrDefault(d => d is not null);
            if (definition is null) continue;
            if (!byFact.TryGetValue(definition, out var list)) byFact[definition] = list = [];
            list.Add((obs, day));
        }

        foreach (var (definition, list) in byFact)
        {
            // Latest first for single-valued facts; every Observation for repeating ones. Results dated the same day as
            // the latest are all stated: two Ki-67 values from one day are a conflict for a reviewer, not "the last in
            // the bundle wins" (docs/policy-format.md, "Conflict precedence").
            var ordered = definition.Repeating ? list : Enumerable.Reverse(list).ToList();
            (DateOnly? Day, bool Any) latest = (null, false);
            foreach (var (obs, day) in ordered)
            {
                if (!definition.Repeating && latest.Any && (latest.Day is null || day != latest.Day)) break;
                if (Value(definition, obs) is not { } read) { ctx.Note($"{obs.Reference}: no usable value for {definition.Name}"); continue; }
                ctx.Emit(definition.Name, read.Value, ExtractionContext.At(obs, "Observation." + read.Element));
                if (definition.Name == "progression" && !latest.Any) ProgressionDate(ctx, list);
                latest = (day, true);
            }
        }

        ReceptorStatus(ctx, observations);
    }

    /// <summary>Observations in date order (undated first), keeping bundle order among equals.</summary>
    public static IEnumerable<(IndexedResource Obs, DateOnly? Day)> Dated(IEnumerable<IndexedResource> resources) =>
        resources.Select(r => (r, FhirJson.EffectiveDay(r.Json))).OrderBy(x => x.Item2 ?? DateOnly.MinValue);

    private static (object Value, string Element)? Value(FactDefinition definition, IndexedResource obs)
    {
        if (obs.Json.ContainsKey("dataAbsentReason")) return null;
        if (definition.Name == "metastatic") return ClinicalM(obs.Json);
        return FactValues.Read(definition, obs.Json);
    }

    // Clinical M valued M1 (cM1, pM1, M1a...) is distant disease; M0 is not.
    private static (object, string)? ClinicalM(JsonObject obs)
    {
        var codes = FhirJson.Codings(obs.Obj("valueCodeableConcept")).Select(c => c.Code).Append(obs.Str("valueString"))
            .Where(c => c is not null).Select(c => c!.ToUpperInvariant().TrimStart('C', 'P', 'Y'));
        foreach (var code in codes)
        {
            if (code.StartsWith("M1", StringComparison.Ordinal)) return (true, "valueCodeableConcept");
            if (code.StartsWith("M0", StringComparison.Ordinal)) return (false, "valueCodeableConcept");
        }
        return null;
    }

    private static void ProgressionDate(ExtractionContext ctx, List<(IndexedResource Obs, DateOnly? Day)> statuses)
    {
        var worsened = Enumerable.Reverse(statuses).FirstOrDefault(s => s.Day is not null
            && FhirJson.Codings(s.Obs.Json.Obj("valueCodeableConcept")).Any(c => Codes.ResultCode(c.System, c.Code) == "worsened"));
        if (worsened.Day is { } day)
            ctx.Emit("progressionDate", day, ExtractionContext.At(worsened.Obs, "Observation.effective"));
    }

    // ER or PR positive is hormone receptor positive; both negative is negative; one negative alone says nothing.
    private static void ReceptorStatus(ExtractionContext ctx, List<(IndexedResource Obs, DateOnly? Day)> observations)
    {
        (IndexedResource Obs, string Result)? Latest(string loinc) => observations
            .Where(o => FhirJson.Has(o.Obs.Json.Obj("code"), Loinc, loinc))
            .Select(o => (o.Obs, Result: Result(o.Obs.Json))).LastOrDefault(o => o.Result is not null) is { Obs: not null } x
            ? (x.Obs, x.Result!) : null;

        var er = Latest(Codes.EstrogenReceptor);
        var pr = Latest(Codes.ProgesteroneReceptor);
        if (er is { Result: "positive" } || pr is { Result: "positive" })
        {
            var positive = er is { Result: "positive" } ? er.Value : pr!.Value;
            ctx.Emit("hormoneReceptorStatus", "positive", ExtractionContext.At(positive.Obs, "Observation.value"));
        }
        else if (er is { Result: "negative" } && pr is { Result: "negative" })
            ctx.Emit("hormoneReceptorStatus", "negative", ExtractionContext.At(er.Value.Obs, "Observation.value"));

        if (Latest(Codes.Her2) is { } her2)
            ctx.Emit("her2Status", her2.Result, ExtractionContext.At(her2.Obs, "Observation.value"));
    }

    private static string? Result(JsonObject obs) =>
        FhirJson.Codings(obs.Obj("valueCodeableConcept")).Select(c => Codes.ResultCode(c.System, c.Code)).FirstOrDefault(r => r is "positive" or "negative")
        ?? obs.Str("valueString")?.Trim().ToLowerInvariant() switch { "positive" => "positive", "negative" => "negative", _ => null };
}
