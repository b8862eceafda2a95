using System.Globalization;
using System.Text.Json.Nodes;

namespace FhirPriorAuth.Bench;

/// <summary>
/// A deterministic 200-entry prior-auth request Bundle: one Patient, Claim and Coverage, then Observations,
/// Conditions, MedicationRequests and Procedures in the proportions a knee-replacement request tends to carry.
/// </summary>
internal static class SyntheticBundle
{
    public static JsonObject Create(int entries = 200, int seed = 42)
    {
        var random = new Random(seed);
        var list = new JsonArray
        {
            Entry("urn:uuid:00000000-0000-4000-8000-000000000001", new JsonObject
            {
                ["resourceType"] = "Patient", ["id"] = "pat1", ["gender"] = "female", ["birthDate"] = "1955-04-12",
                ["name"] = new JsonArray(new JsonObject { ["family"] = "Rivera", ["given"] = new JsonArray("Ana") }),
            }),
            Entry("urn:uuid:00000000-0000-4000-8000-000000000002", new JsonObject
            {
                ["resourceType"] = "Coverage", ["id"] = "cov1", ["status"] = "active",
                ["beneficiary"] = new JsonObject { ["reference"] = "urn:uuid:00000000-0000-4000-8000-000000000001" },
            }),
            Entry("urn:uuid:00000000-0000-4000-8000-000000000003", new JsonObject
            {
                ["resourceType"] = "Claim", ["id"] = "claim1", ["status"] = "active", ["use"] = "preauthorization",
                ["patient"] = new JsonObject { ["reference"] = "urn:uuid:00000000-0000-4000-8000-000000000001" },
                ["insurance"] = new JsonArray(new JsonObject
                {
                    ["sequence"] = 1, ["focal"] = true,
                    ["coverage"] = new JsonObject { ["reference"] = "urn:uuid:00000000-0000-4000-8000-000000000002" },
                }),
                ["item"] = new JsonArray(new JsonObject
                {
                    ["sequence"] = 1,
                    ["productOrService"] = Concept("http://www.ama-assn.org/go/cpt", "27447"),
                }),
            }),
        };
        string[] loinc = ["29593-1", "4548-4", "39156-5", "8867-4", "2339-0", "29463-7"];
        string[] icd = ["M17.11", "M17.12", "E11.9", "E11.65", "I10", "E66.9", "M25.561", "Z96.651"];
        for (var i = list.Count; i < entries; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            var date = new DateTime(2024, 1, 1).AddDays(random.Next(0, 700)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            JsonObject resource = (i % 10) switch
            {
                < 5 => new JsonObject
                {
                    ["resourceType"] = "Observation", ["id"] = "obs" + n, ["status"] = "final",
                    ["code"] = Concept("http://loinc.org", loinc[random.Next(loinc.Length)]),
                    ["effectiveDateTime"] = date,
                    ["valueQuantity"] = new JsonObject
                    {
                        ["value"] = Math.Round((decimal)(random.NextDouble() * 40 + 5), 1), ["unit"] = "%",
                        ["system"] = "http://unitsofmeasure.org", ["code"] = "%",
                    },
                },
                < 8 => new JsonObject
                {
                    ["resourceType"] = "Condition", ["id"] = "cond" + n,
                    ["code"] = Concept("http://hl7.org/fhir/sid/icd-10-cm", icd[random.Next(icd.Length)]),
                    ["onsetDateTime"] = date,
                },
                8 => new JsonObject
                {
                    ["resourceType"] = "MedicationRequest", ["id"] = "med" + n, ["status"] = random.Next(3) == 0 ? "stopped" : "active",
                    ["intent"] = "order", ["authoredOn"] = date,
                    ["medicationCodeableConcept"] = Concept("http://www.nlm.nih.gov/research/umls/rxnorm", "197806"),
                },
                _ => new JsonObject
                {
                    ["resourceType"] = "Procedure", ["id"] = "proc" + n, ["status"] = "completed",
                    ["code"] = Concept("http://www.ama-assn.org/go/cpt", random.Next(2) == 0 ? "97110" : "97140"),
                    ["performedDateTime"] = date,
                },
            };
            list.Add(Entry("urn:uuid:00000000-0000-4000-8000-" + (i + 1).ToString("D12", CultureInfo.InvariantCulture), resource));
        }
        return new JsonObject { ["resourceType"] = "Bundle", ["type"] = "collection", ["entry"] = list };
    }

    private static JsonObject Entry(string fullUrl, JsonObject resource) => new() { ["fullUrl"] = fullUrl, ["resource"] = resource };

    private static JsonObject Concept(string system, string code) =>
        new() { ["coding"] = new JsonArray(new JsonObject { ["system"] = system, ["code"] = code }) };
}
