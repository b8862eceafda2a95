namespace FhirPriorAuth.Policies.Evidence.Extraction;

/// <summary>
/// prescriberSpecialty: NUCC codes of the PractitionerRole the Claim.provider or the order's requester names; a
/// reference to a Practitioner uses the roles in the request that point at that Practitioner. consultingSpecialty: the
/// same for every Claim.careTeam member other than the prescriber, plus a NUCC code in careTeam.qualification
/// ("prescribed in consultation with" an oncologist, neurologist...).
/// </summary>
internal static class PrescriberFacts
{
    public static void Extract(ExtractionContext ctx)
    {
        foreach (var (reference, from) in ctx.Prescribers)
            Specialties(ctx, "prescriberSpecialty", reference, from);
        foreach (var (member, from) in ctx.Consultants)
        {
            Specialties(ctx, "consultingSpecialty", member.Obj("provider"), from);
            foreach (var (system, code) in FhirJson.Codings(member.Obj("qualification")))
                if (system == Codes.Nucc && code is not null)
                    ctx.Emit("consultingSpecialty", code, ExtractionContext.At(from, "Claim.careTeam.qualification"));
        }
    }

    private static void Specialties(ExtractionContext ctx, string fact, System.Text.Json.Nodes.JsonObject? reference, IndexedResource from)
    {
        if (ctx.Index.Resolve(reference, from) is not { } target) return;
        var roles = target.Type switch
        {
            "PractitionerRole" => [target],
            "Practitioner" => ctx.Index.OfType("PractitionerRole").Where(r => ReferenceEquals(ctx.Index.Resolve(r.Json.Obj("practitioner"), r)?.Json, target.Json)).ToList(),
            _ => new List<IndexedResource>(),
        };
        foreach (var role in roles)
            foreach (var specialty in role.Json.Objs("specialty"))
                foreach (var (system, code) in FhirJson.Codings(specialty))
                    if (system == Codes.Nucc && code is not null)
                        ctx.Emit(fact, code, ExtractionContext.At(role, "PractitionerRole.specialty"));
    }
}
