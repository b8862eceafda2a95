using System.Globalization;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Dtr;

namespace FhirPriorAuth.Server.Crd.Responses;

/// <summary>
/// Additional orders for a Lutathera course (clinical-reminder card), from the treatment workflow of the PRRT
/// best-practice paper (Hendifar et al., Pancreas 2022) and the policies' organ-function criteria: CBC with
/// differential and a comprehensive metabolic panel before each dose, the renal-protective amino-acid infusion with
/// each dose, and octreotide LAR 30 mg 4-24 hours after each dose. Each is a draft order the clinician may add; one
/// the request already holds is not suggested again.
/// </summary>
internal static class LutatheraCompanions
{
    private const string Loinc = "http://loinc.org";
    private const string Snomed = "http://snomed.info/sct";

    private sealed record Companion(string Label, string Description, Func<JsonObject, bool> AlreadyOrdered, Func<OrderAssessment, string, JsonObject> Build);

    private static readonly Companion[] All =
    [
        new("Order CBC with differential before each Lutathera dose",
            "Add a complete blood count with differential before each dose",
            o => HasCode(o.Obj("code"), Loinc, "57021-8", "58410-2") || Text(o.Obj("code")).Contains("cbc", StringComparison.OrdinalIgnoreCase),
            (a, now) => Lab(a, now, "57021-8", "CBC W Auto Differential panel - Blood",
                "Before each Lutathera dose: platelets, hemoglobin and neutrophils decide whether the dose proceeds, is delayed or reduced.")),
        new("Order a comprehensive metabolic panel (renal and liver function) before each dose",
            "Add a comprehensive metabolic panel before each dose",
            o => HasCode(o.Obj("code"), Loinc, "24323-8") || Text(o.Obj("code")).Contains("metabolic", StringComparison.OrdinalIgnoreCase),
            (a, now) => Lab(a, now, "24323-8", "Comprehensive metabolic 2000 panel - Serum or Plasma",
                "Before each Lutathera dose: creatinine (Cockcroft-Gault clearance), bilirubin and albumin decide whether the dose proceeds.")),
        new("Order the renal-protective amino acid infusion with each dose",
            "Add an amino acid infusion (L-lysine and L-arginine) with each dose",
            o => Text(o.Obj("medicationCodeableConcept")).Contains("amino acid", StringComparison.OrdinalIgnoreCase)
                 || Text(o.Obj("medicationCodeableConcept")).Contains("lysine", StringComparison.OrdinalIgnoreCase),
            (a, now) => Medication(a, now,
                new JsonObject { ["text"] = "Amino acid solution containing L-lysine and L-arginine, for intravenous infusion" },
                "Start 30 minutes before each Lutathera infusion, continue during it and for about 3 hours after, to protect the kidneys.",
                "47625008", "Intravenous route", null)),
        new("Order octreotide LAR 30 mg after each dose",
            "Add octreotide LAR 30 mg intramuscularly 4 to 24 hours after each dose",
            o => HasCode(o.Obj("medicationCodeableConcept"), CoverageInformation.Hcpcs, "J2353")
                 || Text(o.Obj("medicationCodeableConcept")).Contains("octreotide", StringComparison.OrdinalIgnoreCase)
                    && Text(o.Obj("medicationCodeableConcept")).Contains("LAR", StringComparison.OrdinalIgnoreCase),
            (a, now) => Medication(a, now,
                new JsonObject
                {
                    ["coding"] = new JsonArray(new JsonObject
                    {
                        ["system"] = CoverageInformation.Hcpcs, ["code"] = "J2353",
                        ["display"] = "Injection, octreotide, depot form for intramuscular injection, 1 mg",
                    }),
                    ["text"] = "Octreotide LAR (long-acting release) 30 mg",
                },
                "30 mg intramuscularly 4 to 24 hours after each Lutathera dose; not within 4 to 6 weeks before the next dose.",
                "78421000", "Intramuscular route", 30m)),
    ];

    public static JsonObject? For(OrderAssessment a, HookResources resources, DateTimeOffset now)
    {
        // Advice goes out under the insurer's name, so not for a payer this service does not know.
        if (a.Drug != "lutathera" || a.Statement.Kind is CoverageKind.NotCovered or CoverageKind.UnknownPayer
            || a.Order.Str("resourceType") is not ("MedicationRequest" or "ServiceRequest"))
            return null;
        var authored = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var suggestions = All.Where(c => !resources.HasOrderFor(c.AlreadyOrdered))
            .Select(c => CdsCards.Suggestion(c.Label, true, CdsCards.Action("create", c.Description, c.Build(a, authored))))
            .ToList();
        if (suggestions.Count == 0)
            return null;
        var card = CdsCards.Card(CrdConfiguration.ClinicalReminder,
            "Lutathera course: labs before each dose, amino acid infusion with it, octreotide LAR after it",
            "Each Lutathera dose needs a CBC with differential and renal and liver function beforehand (the policy's organ-function "
            + "criteria and toxicity rules), an intravenous amino acid infusion (L-lysine and L-arginine) with it to protect the kidneys, "
            + "and octreotide LAR 30 mg 4 to 24 hours after it (Hendifar et al., Pancreas 2022; the Lutathera label). "
            + "Short-acting octreotide may be given for symptoms but must stop 24 hours before each dose.",
            "info", a.PayerName, HookResources.Key(a.Order));
        return card.WithSuggestions("any", suggestions);
    }

    private static JsonObject Lab(OrderAssessment a, string authored, string loinc, string display, string note)
    {
        var request = new JsonObject
        {
            ["resourceType"] = "ServiceRequest",
            ["status"] = "draft",
            ["intent"] = "order",
            ["category"] = new JsonArray(new JsonObject
            {
                ["coding"] = new JsonArray(new JsonObject { ["system"] = Snomed, ["code"] = "108252007", ["display"] = "Laboratory procedure" }),
            }),
            ["code"] = new JsonObject
            {
                ["coding"] = new JsonArray(new JsonObject { ["system"] = Loinc, ["code"] = loinc, ["display"] = display }),
                ["text"] = display,
            },
        };
        return Finish(request, a, authored, note);
    }

    private static JsonObject Medication(OrderAssessment a, string authored, JsonObject medication, string instructions,
        string routeCode, string routeDisplay, decimal? doseMg)
    {
        var dosage = new JsonObject
        {
            ["text"] = instructions,
            ["route"] = new JsonObject
            {
                ["coding"] = new JsonArray(new JsonObject { ["system"] = Snomed, ["code"] = routeCode, ["display"] = routeDisplay }),
            },
        };
        if (doseMg is { } mg)
            dosage["doseAndRate"] = new JsonArray(new JsonObject
            {
                ["doseQuantity"] = new JsonObject { ["value"] = mg, ["unit"] = "mg", ["system"] = "http://unitsofmeasure.org", ["code"] = "mg" },
            });
        var request = new JsonObject
        {
            ["resourceType"] = "MedicationRequest",
            ["status"] = "draft",
            ["intent"] = "order",
            ["medicationCodeableConcept"] = medication,
        };
        Finish(request, a, authored, null);
        request["dosageInstruction"] = new JsonArray(dosage);
        return request;
    }

    /// <summary>The patient, encounter and requester of the Lutathera order, authored now.</summary>
    private static JsonObject Finish(JsonObject request, OrderAssessment a, string authored, string? note)
    {
        if (a.Order["subject"] is JsonObject subject)
            request["subject"] = subject.DeepClone();
        if (a.Order["encounter"] is JsonObject encounter)
            request["encounter"] = encounter.DeepClone();
        request["authoredOn"] = authored;
        if (a.Order["requester"] is JsonObject requester)
            request["requester"] = requester.DeepClone();
        if (note is not null)
            request["note"] = new JsonArray(new JsonObject { ["text"] = note });
        return request;
    }

    private static bool HasCode(JsonObject? concept, string system, params string[] codes) =>
        concept.Codings().Any(c => c.System == system && c.Code is not null && codes.Contains(c.Code));

    private static string Text(JsonObject? concept) =>
        string.Join(' ', concept.Codings().Select(c => c.Display).Append(concept.Str("text")).OfType<string>());
}
