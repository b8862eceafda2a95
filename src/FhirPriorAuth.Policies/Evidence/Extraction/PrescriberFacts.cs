namespace FhirPriorAuth.Policies.Evidence.Extraction;

/// <summary>
/// prescriberSpecialty: NUCC codes of the PractitionerRole the Claim.provider or the order's requester names; a
/// reference to a Practitioner uses the roles in the request that point at that Practitioner.
/// </summary>
internal static class PrescriberFacts
{
    public static void Extract(ExtractionContext ctx)
    {
        foreach (var (reference, from) in ctx.Prescribers)
        {
            if (ctx.Index.Resolve(reference, from) is not { } target) continue;
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
                            ctx.Emit("prescriberSpecialty", code, ExtractionContext.At(role, "PractitionerRole.specialty"));
        }
    }
}
