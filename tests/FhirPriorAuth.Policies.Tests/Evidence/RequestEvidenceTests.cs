using FhirPriorAuth.Policies.Evidence;
using FhirPriorAuth.Policies.Tests.Builders;
using static FhirPriorAuth.Policies.Tests.Evidence.EvidenceAssert;

namespace FhirPriorAuth.Policies.Tests.Evidence;

/// <summary>What the Claim and Coverage say: payer, plan, date, line, certification type.</summary>
public class RequestEvidenceTests
{
    [Fact]
    public void Payer_comes_from_the_coverage_payor_identifier()
    {
        var e = PasBundleEvidence.Extract(PasRequestBuilder.Lutathera(payer: "wellmark").Build());
        var payer = Single(e, "payer");
        Assert.Equal("wellmark", payer.Value);
        Assert.Equal(FactSourceKind.Resource, payer.Source.Kind);
        Assert.Equal(PasRequestBuilder.FullUrl("Organization", "payer"), payer.Source.Reference);
    }

    [Fact]
    public void A_payer_outside_the_registry_is_not_a_fact_but_a_note()
    {
        var e = PasBundleEvidence.Extract(PasRequestBuilder.Lutathera(payer: "acme-health").Build());
        Absent(e, "payer");
        Assert.Contains(e.Notes, n => n.Contains("acme-health", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("1", "medicare")]
    [InlineData("121", "medicare")]
    [InlineData("2", "medicaid")]
    [InlineData("5", "commercial")]
    [InlineData("61", "commercial")]
    [InlineData("3", "other")]
    public void Line_of_business_follows_the_SOPT_code(string sopt, string expected)
    {
        var e = PasBundleEvidence.Extract(PasRequestBuilder.Lutathera().CoverageType(sopt).Build());
        Assert.Equal(expected, Value(e, "lineOfBusiness"));
    }

    [Fact]
    public void A_plan_the_registry_lists_is_marketplace_and_others_keep_their_SOPT_line()
    {
        var request = PasRequestBuilder.Lutathera().Commercial().Plan(EvidenceOptions.DemoMarketplacePlan).Build();
        Assert.Equal("marketplace", Value(PasBundleEvidence.Extract(request, options: EvidenceOptions.Demo), "lineOfBusiness"));
        Assert.Equal("commercial", Value(PasBundleEvidence.Extract(request), "lineOfBusiness"));
    }

    [Fact]
    public void Service_date_is_the_line_date_else_the_claim_creation_date()
    {
        var e = PasBundleEvidence.Extract(PasRequestBuilder.Lutathera().ServiceDate(new DateOnly(2026, 4, 6)).Build());
        var date = Single(e, "serviceDate");
        Assert.Equal(Date(2026, 4, 6), date.Value);
        Assert.Equal("Claim.item[0].servicedDate", date.Source.Expression);

        var bundle = PasRequestBuilder.Lutathera().ServiceDate(new DateOnly(2026, 4, 6)).Build();
        bundle["entry"]![0]!["resource"]!["item"]![0]!.AsObject().Remove("servicedDate");
        Assert.Equal(Date(2026, 4, 3), Value(PasBundleEvidence.Extract(bundle), "serviceDate"));
    }

    [Theory]
    [InlineData("I", "initial", false)]
    [InlineData("R", "renewal", true)]
    [InlineData("S", "revised", false)]
    [InlineData("4", "extension", true)]
    public void Certification_type_maps_X12_1322_and_decides_continuation(string x12, string expected, bool continuation)
    {
        var e = PasBundleEvidence.Extract(PasRequestBuilder.Lutathera().Certification(x12).Build());
        var fact = Single(e, "certificationType");
        Assert.Equal(expected, fact.Value);
        Assert.Equal("Claim.item[0].extension(certificationType)", fact.Source.Expression);
        Assert.Equal(continuation, Value(e, "continuation"));
    }

    [Fact]
    public void Cancel_is_not_a_certification_type_of_therapy()
    {
        var e = PasBundleEvidence.Extract(PasRequestBuilder.Lutathera().Certification("3").Build());
        Absent(e, "certificationType");
        Absent(e, "continuation");
    }

    [Fact]
    public void An_initial_request_with_prior_doses_of_the_drug_is_a_continuation()
    {
        var e = PasBundleEvidence.Extract(PasRequestBuilder.Lutathera()
            .LutatheraDoseGiven(new DateOnly(2025, 12, 1)).LutatheraDoseGiven(new DateOnly(2026, 1, 26)).Build());
        Assert.True((bool)Value(e, "continuation"));
        Assert.Equal(2, Value(e, "dosesGiven"));
    }

    [Fact]
    public void Lutathera_line_is_medical_benefit_with_doses_from_mCi()
    {
        var e = PasBundleEvidence.Extract(PasRequestBuilder.Lutathera(doses: 4).Build());
        Assert.Equal("lutathera", Value(e, "drug"));
        Assert.Equal("lutathera", Value(e, "product"));
        Assert.Equal("medical", Value(e, "benefit"));
        Assert.Equal(4, Value(e, "dosesRequested"));
        Assert.Equal(0, Value(e, "dosesGiven"));
        Absent(e, "brandRequested");
        Assert.Equal("Claim.item[0].quantity", Single(e, "dosesRequested").Source.Expression);
    }

    [Theory]
    [InlineData(200, 1)]
    [InlineData(400, 2)]
    [InlineData(300, 2)]
    public void A_part_dose_counts_as_a_dose(int mci, int doses)
    {
        var e = PasBundleEvidence.Extract(PasRequestBuilder.Lutathera().Quantity(mci).Build());
        Assert.Equal(doses, Value(e, "dosesRequested"));
    }

    [Fact]
    public void Lutathera_by_NDC_names_the_drug_but_not_the_dose_count()
    {
        var bundle = PasRequestBuilder.Lutathera().Build();
        bundle["entry"]![0]!["resource"]!["item"]![0]!["productOrService"] = PasRequestBuilder.Concept(PasRequestBuilder.Ndc, "69488-0003-01");
        var e = PasBundleEvidence.Extract(bundle);
        Assert.Equal("lutathera", Value(e, "drug"));
        Absent(e, "dosesRequested");
        Assert.Contains(e.Notes, n => n.Contains("billed by NDC", StringComparison.Ordinal));
    }

    [Fact]
    public void Prescriber_specialty_comes_from_the_claim_provider_role()
    {
        var e = PasBundleEvidence.Extract(PasRequestBuilder.Lutathera().Prescriber("2085R0001X").Build());
        var specialty = Single(e, "prescriberSpecialty");
        Assert.Equal("2085R0001X", specialty.Value);
        Assert.Equal(PasRequestBuilder.FullUrl("PractitionerRole", "prescriber"), specialty.Source.Reference);
    }

    [Fact]
    public void Prescriber_named_as_a_Practitioner_uses_that_practitioners_roles()
    {
        var bundle = PasRequestBuilder.Lutathera().Prescriber("207RH0003X").Build();
        bundle["entry"]![0]!["resource"]!["provider"] = new System.Text.Json.Nodes.JsonObject { ["reference"] = "Practitioner/prescriber" };
        Assert.Equal("207RH0003X", Value(PasBundleEvidence.Extract(bundle), "prescriberSpecialty"));
    }

    [Fact]
    public void Something_that_is_not_a_bundle_gives_no_facts()
    {
        var e = PasBundleEvidence.Extract(new System.Text.Json.Nodes.JsonObject { ["resourceType"] = "Patient" });
        Assert.Empty(e.Names);
        Assert.NotEmpty(e.Notes);
    }

    [Fact]
    public void Without_a_coverage_payor_the_claim_insurer_names_the_payer()
    {
        var bundle = PasRequestBuilder.Lutathera(payer: "centene").Build();
        bundle["entry"]!.AsArray().Select(e => e!["resource"]!.AsObject()).Single(r => (string?)r["resourceType"] == "Coverage").Remove("payor");
        Assert.Equal("centene", Value(PasBundleEvidence.Extract(bundle), "payer"));
    }
}
