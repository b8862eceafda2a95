using System.Text.Json.Nodes;

namespace FhirPriorAuth.Policies.Evidence.Extraction;

/// <summary>age, sex, diagnoses and what diagnoses imply (distant disease, transplant status, hormone receptors).</summary>
internal static class PatientFacts
{
    private static readonly HashSet<string> NotTrue = ["refuted", "entered-in-error"];

    public static void Extract(ExtractionContext ctx)
    {
        if (ctx.Index.OfType("Patient").FirstOrDefault() is { } patient)
        {
            if (FhirJson.Day(patient.Json.Str("birthDate")) is { } born && ctx.ReferenceDate is var on && born <= on)
                ctx.Emit("age", AgeOn(born, on), ExtractionContext.At(patient, "Patient.birthDate"),
                    ctx.ServiceDate is { } sd ? [sd] : null);
            if (patient.Json.Str("gender") is { } gender)
                ctx.Emit("sex", gender, ExtractionContext.At(patient, "Patient.gender"));
        }

        foreach (var condition in ctx.Index.OfType("Condition"))
        {
            var verification = FhirJson.Codings(condition.Json.Obj("verificationStatus")).Select(c => c.Code);
            if (verification.Any(c => c is not null && NotTrue.Contains(c))) continue;
            if (FhirJson.CodeIn(condition.Json.Obj("code"), Codes.Icd10) is { } code)
                Diagnosis(ctx, code, ExtractionContext.At(condition, "Condition.code"));
        }
    }

    /// <summary>Whole years on <paramref name="on"/> (the birthday itself counts).</summary>
    public static int AgeOn(DateOnly born, DateOnly on)
    {
        var age = on.Year - born.Year;
        if (on.Month < born.Month || on.Month == born.Month && on.Day < born.Day) age--;
        return age;
    }

    public static void Diagnosis(ExtractionContext ctx, string rawCode, FactSource source)
    {
        var code = Codes.NormalizeIcd10(rawCode);
        ctx.Emit("diagnosis", code, source);
        if (Codes.IsSecondaryNeoplasm(code)) ctx.Emit("metastatic", true, source);
        if (Codes.TransplantOrgan(code) is { } organ) ctx.Emit("transplant", organ, source);
        // Z17.0 estrogen receptor positive, Z17.1 negative.
        if (code == "Z17.0") ctx.Emit("hormoneReceptorStatus", "positive", source);
        if (code == "Z17.1") ctx.Emit("hormoneReceptorStatus", "negative", source);
    }

    public static bool IsActive(JsonObject resource) => resource.Str("status") is not ("entered-in-error" or "cancelled");
}
