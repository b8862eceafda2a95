using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Evidence;
using FhirPriorAuth.Policies.Tests.Builders;
using static FhirPriorAuth.Policies.Tests.Evidence.EvidenceAssert;

namespace FhirPriorAuth.Policies.Tests.Evidence;

/// <summary>Everolimus products (brand vs generic), benefit, daily dose and tablets.</summary>
public class EverolimusEvidenceTests
{
    private static EvidenceSet Extract(PasRequestBuilder b) => PasBundleEvidence.Extract(b.Build());

    [Theory]
    [InlineData("0078-0567-51", "afinitor", true)]
    [InlineData("00078056751", "afinitor", true)]
    [InlineData("0078-0627-51", "afinitor-disperz", true)]
    [InlineData("0078-0415-20", "zortress", true)]
    [InlineData("0054-0482-21", "everolimus-generic", false)]
    [InlineData("59651-933-28", "everolimus-generic", false)]
    public void The_NDC_names_product_and_brand(string ndc, string product, bool brand)
    {
        var e = Extract(PasRequestBuilder.Everolimus(ndc: ndc));
        Assert.Equal("everolimus", Value(e, "drug"));
        Assert.Equal(product, Value(e, "product"));
        Assert.Equal(brand, Value(e, "brandRequested"));
        Assert.Equal("pharmacy", Value(e, "benefit"));
        Assert.Empty(e.Conflicts);
    }

    [Fact]
    public void An_unknown_NDC_names_no_drug()
    {
        var e = Extract(PasRequestBuilder.Everolimus(ndc: "0078-0999-01"));
        Absent(e, "drug");
        Absent(e, "brandRequested");
    }

    [Fact]
    public void J7527_on_a_professional_claim_is_generic_on_the_medical_benefit()
    {
        var e = PasBundleEvidence.Extract(Rewrite(PasRequestBuilder.Everolimus().ClaimType("professional").Build(),
            PasRequestBuilder.Concept(PasRequestBuilder.Hcpcs, "J7527"), medication: false));
        Assert.Equal("everolimus-generic", Value(e, "product"));
        Assert.False((bool)Value(e, "brandRequested"));
        Assert.Equal("medical", Value(e, "benefit"));
    }

    [Fact]
    public void An_RxNorm_generic_order_against_a_brand_claim_line_is_a_conflict()
    {
        var bundle = Rewrite(PasRequestBuilder.Everolimus(ndc: "0078-0567-51").Build(),
            PasRequestBuilder.Concept(PasRequestBuilder.RxNorm, "845507"), medication: true);
        var e = PasBundleEvidence.Extract(bundle);
        Assert.Contains(e.Conflicts, c => c.Name == "brandRequested");
        Assert.Contains(e.Conflicts, c => c.Name == "product");
    }

    [Theory]
    [InlineData(10, 10, 10, 1)]
    [InlineData(10, 5, 10, 2)]
    [InlineData(4.5, 2, 4.5, 2.25)]
    public void Daily_dose_and_tablets_come_from_the_dosage_and_the_strength(double dose, double strength, double daily, double tablets)
    {
        var e = Extract(PasRequestBuilder.Everolimus(dailyDoseMg: (decimal)dose, strengthMg: (decimal)strength));
        var mg = Single(e, "dailyDoseMg");
        Assert.Equal((decimal)daily, mg.Value);
        Assert.Equal(PasRequestBuilder.FullUrl("MedicationRequest", "order"), mg.Source.Reference);
        var tabs = Single(e, "tabletsPerDay");
        Assert.Equal((decimal)tablets, tabs.Value);
        Assert.Equal(PasRequestBuilder.FullUrl("Medication", "everolimus"), tabs.Source.Reference);
    }

    [Fact]
    public void Twice_daily_dosing_in_tablets()
    {
        var bundle = PasRequestBuilder.Everolimus(strengthMg: 5).Build();
        var order = Resource(bundle, "MedicationRequest");
        order["dosageInstruction"] = new JsonArray(new JsonObject
        {
            ["timing"] = new JsonObject { ["code"] = PasRequestBuilder.Concept("http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation", "BID") },
            ["doseAndRate"] = new JsonArray(new JsonObject { ["doseQuantity"] = new JsonObject { ["value"] = 1, ["unit"] = "tablet" } }),
        });
        var e = PasBundleEvidence.Extract(bundle);
        Assert.Equal(10m, Value(e, "dailyDoseMg"));
        Assert.Equal(2m, Value(e, "tabletsPerDay"));
    }

    [Fact]
    public void Requested_days_is_the_serviced_period_with_both_ends()
    {
        Assert.Equal(90, Value(Extract(PasRequestBuilder.Everolimus(requestedDays: 90)), "requestedDays"));
        Assert.Equal(180, Value(Extract(PasRequestBuilder.Everolimus().RequestedDays(180)), "requestedDays"));
        Absent(Extract(PasRequestBuilder.Lutathera()), "requestedDays");
    }

    [Fact]
    public void Requested_days_from_the_dispense_request_counts_refills()
    {
        var bundle = PasRequestBuilder.Everolimus().Build();
        bundle["entry"]![0]!["resource"]!["item"]![0]!.AsObject().Remove("servicedPeriod");
        Resource(bundle, "MedicationRequest")["dispenseRequest"] = new JsonObject
        {
            ["numberOfRepeatsAllowed"] = 2,
            ["expectedSupplyDuration"] = new JsonObject { ["value"] = 30, ["unit"] = "days", ["system"] = PasRequestBuilder.Ucum, ["code"] = "d" },
        };
        Assert.Equal(90, Value(PasBundleEvidence.Extract(bundle), "requestedDays"));
    }

    [Theory]
    [InlineData(10, 5, true)]
    [InlineData(10, 10, false)]
    [InlineData(5, 10, false)]
    public void Dose_increase_compares_the_request_with_the_ongoing_dose(double requested, double current, bool increase)
    {
        var e = Extract(PasRequestBuilder.Everolimus(dailyDoseMg: (decimal)requested, strengthMg: 5).Renewal()
            .CurrentEverolimus(PasRequestBuilder.DefaultServiceDate.AddDays(-90), (decimal)current));
        var fact = Single(e, "doseIncrease");
        Assert.Equal(increase, fact.Value);
        Assert.Equal((decimal)current, fact.DerivedFrom![1].Value);
        Assert.Equal(90, Value(e, "receivingDrugDays"));
    }

    [Fact]
    public void An_order_for_another_drug_states_no_dose()
    {
        var e = Extract(PasRequestBuilder.Lutathera().Resource(new JsonObject
        {
            ["resourceType"] = "MedicationRequest", ["id"] = "antiemetic", ["status"] = "active", ["intent"] = "order",
            ["medicationCodeableConcept"] = new JsonObject { ["text"] = "ondansetron 8 mg" },
            ["requester"] = PasRequestBuilder.Ref("Practitioner", "someone-else"),
            ["dosageInstruction"] = new JsonArray(new JsonObject
            {
                ["timing"] = new JsonObject { ["repeat"] = new JsonObject { ["frequency"] = 2, ["period"] = 1, ["periodUnit"] = "d" } },
                ["doseAndRate"] = new JsonArray(new JsonObject { ["doseQuantity"] = PasRequestBuilder.Qty(8, "mg") }),
            }),
        }));
        Absent(e, "dailyDoseMg");
        Assert.Equal("lutathera", Value(e, "drug"));
    }

    [Fact]
    public void No_current_dose_no_dose_increase() => Absent(Extract(PasRequestBuilder.Everolimus()), "doseIncrease");

    private static JsonObject Resource(JsonObject bundle, string type) =>
        bundle["entry"]!.AsArray().Select(e => e!["resource"]!.AsObject()).First(r => (string?)r["resourceType"] == type);

    // Replaces the claim line's code (or the Medication's) with another concept.
    private static JsonObject Rewrite(JsonObject bundle, JsonObject concept, bool medication)
    {
        if (medication) Resource(bundle, "Medication")["code"] = concept;
        else
        {
            bundle["entry"]![0]!["resource"]!["item"]![0]!["productOrService"] = concept;
            Resource(bundle, "Medication")["code"] = concept.DeepClone();
        }
        return bundle;
    }
}
