using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Evidence;
using FhirPriorAuth.Policies.Tests.Builders;
using FhirPriorAuth.Testing;
using static FhirPriorAuth.Policies.Tests.Evidence.EvidenceAssert;

namespace FhirPriorAuth.Policies.Tests.Evidence;

/// <summary>The same facts from a CDS Hooks request as from the PAS bundle.</summary>
public class CrdPrefetchEvidenceTests
{
    private static readonly DateOnly On = PasRequestBuilder.DefaultServiceDate;

    [Fact]
    public void Lutathera_order_sign_states_the_same_clinical_facts_as_the_claim()
    {
        var builder = PasRequestBuilder.Lutathera(payer: "wellmark", doses: 4).Patient(age: 45, sex: "female").Diagnosis("C7A.010")
            .Ki67(15).SstrImaging(true).Progression("worsened", On.AddDays(-30)).LongActingSsa(lastDose: On.AddDays(-35))
            .Karnofsky(80).Creatinine(0.9m, weightKg: 68).Prescriber("207RX0202X");
        var crd = CrdPrefetchEvidence.Extract(builder.BuildCrdRequest(), today: new DateOnly(2030, 1, 1));
        var pas = PasBundleEvidence.Extract(builder.Build());

        foreach (var name in new[] { "payer", "lineOfBusiness", "serviceDate", "drug", "product", "dosesRequested", "age", "sex", "ki67",
                     "sstrImaging", "progression", "progressionDate", "longActingSsaWashoutDays", "karnofsky", "creatinineClearance",
                     "prescriberSpecialty", "progressionOnSsa" })
            Assert.Equal(Value(pas, name), Value(crd, name));
        Assert.Equal(["C7A.010"], Codes(crd, "diagnosis"));
        Assert.Equal("medical", Value(crd, "benefit"));
        Assert.Equal(PasRequestBuilder.FullUrl("Observation", "ki67"), Single(crd, "ki67").Source.Reference);
        Assert.Equal("MedicationRequest/lutathera-order", Single(crd, "drug").Source.Reference);
    }

    [Fact]
    public void Everolimus_order_is_pharmacy_with_its_daily_dose()
    {
        var crd = CrdPrefetchEvidence.Extract(PasRequestBuilder.Everolimus(payer: "centene", ndc: "0054-0482-21", dailyDoseMg: 10, strengthMg: 5)
            .BuildCrdRequest("order-select"));
        Assert.Equal("everolimus-generic", Value(crd, "product"));
        Assert.False((bool)Value(crd, "brandRequested"));
        Assert.Equal("pharmacy", Value(crd, "benefit"));
        Assert.Equal(10m, Value(crd, "dailyDoseMg"));
        Assert.Equal(2m, Value(crd, "tabletsPerDay"));
        Assert.Equal("centene", Value(crd, "payer"));
    }

    [Fact]
    public void A_Medication_contained_in_the_order_is_read()
    {
        var request = PasRequestBuilder.Everolimus(ndc: "0078-0627-51", dailyDoseMg: 6, strengthMg: 3).BuildCrdRequest();
        var order = request["context"]!["draftOrders"]!["entry"]![0]!["resource"]!.AsObject();
        var medication = request["prefetch"]!["clinical"]!["entry"]!.AsArray()
            .Select(e => e!["resource"]!.AsObject()).Single(r => (string?)r["resourceType"] == "Medication").DeepClone().AsObject();
        medication["id"] = "med";
        order["contained"] = new JsonArray(medication);
        order["medicationReference"] = new JsonObject { ["reference"] = "#med" };
        request["prefetch"]!.AsObject().Remove("clinical");
        var crd = CrdPrefetchEvidence.Extract(request);
        var product = Single(crd, "product");
        Assert.Equal("afinitor-disperz", product.Value);
        Assert.Equal("MedicationRequest/order#med", product.Source.Reference);
        Assert.Equal(2m, Value(crd, "tabletsPerDay"));
    }

    [Fact]
    public void Without_an_order_date_the_service_date_is_today_for_ages_but_not_a_fact()
    {
        var request = PasRequestBuilder.Everolimus().Patient(age: 50).BuildCrdRequest();
        request["context"]!["draftOrders"]!["entry"]![0]!["resource"]!.AsObject().Remove("dispenseRequest");
        var crd = CrdPrefetchEvidence.Extract(request, today: On.AddYears(10));
        Absent(crd, "serviceDate");
        Assert.Equal(60, Value(crd, "age"));
    }

    [Fact]
    public void Selections_limit_the_orders_read()
    {
        var request = PasRequestBuilder.Everolimus().BuildCrdRequest("order-select");
        request["context"]!["selections"] = new JsonArray("MedicationRequest/other");
        var crd = CrdPrefetchEvidence.Extract(request);
        Absent(crd, "drug");
        Assert.Contains(crd.Notes, n => n.Contains("names no order", StringComparison.Ordinal));
        Assert.Equal("centene", Value(crd, "payer")); // the prefetch is still read
    }

    [Theory]
    [InlineData("order_sign_hook_request.json")]
    [InlineData("order_select_hook_request.json")]
    [InlineData("order_dispatch_hook_request.json")]
    [InlineData("appointment_book_hook_request.json")]
    [InlineData("encounter_start_hook_request.json")]
    public void Inferno_hook_requests_extract_without_exceptions(string file)
    {
        var path = SharedData.PathTo("conformance", "crd", file);
        Assert.SkipWhen(path is null, SharedData.MissingMessage);
        var request = JsonNode.Parse(File.ReadAllText(path!))!.AsObject();
        var crd = CrdPrefetchEvidence.Extract(request, today: On);
        Absent(crd, "drug"); // none of them orders Lutathera or everolimus
    }
}
