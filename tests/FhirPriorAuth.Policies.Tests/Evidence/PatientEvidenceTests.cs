using FhirPriorAuth.Policies.Evidence;
using FhirPriorAuth.Policies.Tests.Builders;
using static FhirPriorAuth.Policies.Tests.Evidence.EvidenceAssert;

namespace FhirPriorAuth.Policies.Tests.Evidence;

/// <summary>The patient: age on the date of service, sex, diagnoses and what they imply.</summary>
public class PatientEvidenceTests
{
    private static readonly DateOnly On = PasRequestBuilder.DefaultServiceDate; // 2026-03-02

    [Theory]
    [InlineData(2008, 3, 2, 18)] // birthday on the date of service counts
    [InlineData(2008, 3, 3, 17)]
    [InlineData(1950, 12, 31, 75)]
    public void Age_is_whole_years_on_the_date_of_service(int y, int m, int d, int age)
    {
        var e = PasBundleEvidence.Extract(PasRequestBuilder.Lutathera().PatientBorn(new DateOnly(y, m, d), "male").Build());
        var fact = Single(e, "age");
        Assert.Equal(age, fact.Value);
        Assert.Equal("Patient.birthDate", fact.Source.Expression);
        Assert.Equal("serviceDate", Assert.Single(fact.DerivedFrom!).Name);
        Assert.Equal("male", Value(e, "sex"));
    }

    [Fact]
    public void Without_a_birth_date_there_is_no_age()
    {
        var e = PasBundleEvidence.Extract(PasRequestBuilder.Lutathera().PatientBorn(null).Build());
        Absent(e, "age");
        Assert.Equal("female", Value(e, "sex"));
    }

    [Fact]
    public void Diagnoses_come_from_conditions_and_the_claim_once_each_with_dots()
    {
        var bundle = PasRequestBuilder.Lutathera().Diagnosis("C7A.010", "E34.00").Build();
        bundle["entry"]![0]!["resource"]!["diagnosis"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject
        {
            ["sequence"] = 3,
            ["diagnosisCodeableConcept"] = PasRequestBuilder.Concept(PasRequestBuilder.Icd10, "C7B02"),
        });
        var e = PasBundleEvidence.Extract(bundle);
        Assert.Equal(["C7A.010", "C7B.02", "E34.00"], Codes(e, "diagnosis"));
        Assert.Equal("Claim.diagnosis[2].diagnosisCodeableConcept", e["diagnosis"].Single(f => (string)f.Value == "C7B.02").Source.Expression);
    }

    [Theory]
    [InlineData("C7B.02", true)]
    [InlineData("C78.7", true)]
    [InlineData("C7A.010", false)]
    public void A_secondary_neoplasm_code_means_distant_disease(string code, bool metastatic)
    {
        var e = PasBundleEvidence.Extract(PasRequestBuilder.Lutathera().Diagnosis(code).Build());
        if (metastatic) Assert.True((bool)Value(e, "metastatic"));
        else Absent(e, "metastatic");
    }

    [Fact]
    public void Clinical_M1_is_metastatic_and_M0_is_not()
    {
        Assert.True((bool)Value(PasBundleEvidence.Extract(PasRequestBuilder.Lutathera().ClinicalM(m1: true).Build()), "metastatic"));
        Assert.False((bool)Value(PasBundleEvidence.Extract(PasRequestBuilder.Lutathera().ClinicalM(m1: false).Build()), "metastatic"));
    }

    [Fact]
    public void Transplant_status_codes_name_the_organ()
    {
        var e = PasBundleEvidence.Extract(PasRequestBuilder.Everolimus().Transplant("kidney").Transplant("liver").Build());
        Assert.Equal(["kidney", "liver"], Codes(e, "transplant"));
    }

    [Fact]
    public void Transplant_observation_from_pa_evidence()
    {
        var e = PasBundleEvidence.Extract(PasRequestBuilder.Everolimus().Coded("transplant", "liver").Build());
        Assert.Equal(["liver"], Codes(e, "transplant"));
    }

    [Theory]
    [InlineData(true, false, "positive")]
    [InlineData(false, true, "positive")]
    [InlineData(false, false, "negative")]
    public void Hormone_receptor_status_is_positive_when_ER_or_PR_is(bool er, bool pr, string expected)
    {
        var e = PasBundleEvidence.Extract(PasRequestBuilder.Everolimus().HormoneReceptors(er, pr).Her2(false).Build());
        Assert.Equal(expected, Value(e, "hormoneReceptorStatus"));
        Assert.Equal("negative", Value(e, "her2Status"));
    }

    [Fact]
    public void Estrogen_receptor_status_diagnosis_code()
    {
        var e = PasBundleEvidence.Extract(PasRequestBuilder.Everolimus().Diagnosis("C50.911", "Z17.0").Build());
        Assert.Equal("positive", Value(e, "hormoneReceptorStatus"));
        Absent(e, "her2Status");
    }

    [Fact]
    public void A_refuted_condition_is_not_a_diagnosis()
    {
        var e = PasBundleEvidence.Extract(PasRequestBuilder.Lutathera().Resource(new System.Text.Json.Nodes.JsonObject
        {
            ["resourceType"] = "Condition",
            ["id"] = "ruled-out",
            ["verificationStatus"] = PasRequestBuilder.Concept("http://terminology.hl7.org/CodeSystem/condition-ver-status", "refuted"),
            ["code"] = PasRequestBuilder.Concept(PasRequestBuilder.Icd10, "C7B.02"),
        }).Build());
        Absent(e, "diagnosis");
        Absent(e, "metastatic");
    }
}
