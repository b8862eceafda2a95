using System.Text.Json.Nodes;

namespace FhirPriorAuth.Policies.Tests.Builders;

// The same request as a CDS Hooks (CRD) call: the order as a draft order, everything else prefetched.
public sealed partial class PasRequestBuilder
{
    /// <summary>
    /// A CDS Hooks request (<c>order-sign</c> or <c>order-select</c>) for the same patient and order: the
    /// MedicationRequest in <c>context.draftOrders</c> (for Lutathera, one coded RxNorm 1999682 with the dose count as
    /// timing.repeat.count, dated to the date of service), and Patient, Coverage (with its payer) and every clinical
    /// resource in <c>prefetch</c> as searchset Bundles.
    /// </summary>
    public JsonObject BuildCrdRequest(string hook = "order-sign")
    {
        var pas = Build();
        var resources = pas["entry"]!.AsArray().Select(e => e!["resource"]!.AsObject()).Skip(1).ToList(); // not the Claim
        var order = resources.FirstOrDefault(r => (string?)r["resourceType"] == "MedicationRequest")?.DeepClone().AsObject() ?? LutatheraOrder(pas);
        order["dispenseRequest"] ??= new JsonObject();
        order["dispenseRequest"]!["validityPeriod"] = new JsonObject { ["start"] = Date(_serviceDate) };
        resources.RemoveAll(r => (string?)r["resourceType"] == "MedicationRequest");

        JsonObject Search(IEnumerable<JsonObject> found) => new()
        {
            ["resourceType"] = "Bundle",
            ["type"] = "searchset",
            ["entry"] = new JsonArray([.. found.Select(r => (JsonNode)new JsonObject
            {
                ["fullUrl"] = FullUrl((string)r["resourceType"]!, (string)r["id"]!),
                ["resource"] = r.DeepClone(),
            })]),
        };
        bool Is(JsonObject r, params string[] types) => types.Contains((string?)r["resourceType"]);

        var context = new JsonObject
        {
            ["userId"] = "PractitionerRole/prescriber",
            ["patientId"] = "patient",
            ["draftOrders"] = new JsonObject
            {
                ["resourceType"] = "Bundle", ["type"] = "collection",
                ["entry"] = new JsonArray(new JsonObject { ["resource"] = order }),
            },
        };
        if (hook == "order-select") context["selections"] = new JsonArray($"MedicationRequest/{order["id"]}");
        return new JsonObject
        {
            ["hook"] = hook,
            ["hookInstance"] = "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
            ["context"] = context,
            ["prefetch"] = new JsonObject
            {
                ["patient"] = resources.First(r => Is(r, "Patient")).DeepClone(),
                ["coverage"] = Search(resources.Where(r => Is(r, "Coverage", "Organization"))),
                ["practitioner"] = Search(resources.Where(r => Is(r, "Practitioner", "PractitionerRole"))),
                ["clinical"] = Search(resources.Where(r => !Is(r, "Patient", "Coverage", "Organization", "Practitioner", "PractitionerRole"))),
            },
        };
    }

    private JsonObject LutatheraOrder(JsonObject pas)
    {
        var mci = pas["entry"]![0]!["resource"]!["item"]![0]!["quantity"]?["value"]?.GetValue<decimal>() ?? 800;
        return new JsonObject
        {
            ["resourceType"] = "MedicationRequest",
            ["id"] = "lutathera-order",
            ["status"] = "draft",
            ["intent"] = "order",
            ["medicationCodeableConcept"] = Concept(RxNorm, "1999682", "lutetium Lu 177 dotatate"),
            ["subject"] = Ref("Patient", "patient"),
            ["requester"] = Ref("PractitionerRole", "prescriber"),
            ["dosageInstruction"] = new JsonArray(new JsonObject
            {
                ["timing"] = new JsonObject { ["repeat"] = new JsonObject { ["count"] = (int)Math.Ceiling(mci / 200m), ["period"] = 8, ["periodUnit"] = "wk" } },
                ["doseAndRate"] = new JsonArray(new JsonObject { ["doseQuantity"] = Qty(200, "mCi") }),
            }),
        };
    }
}
