using FhirPriorAuth.Policies.Evidence;
using FhirPriorAuth.Policies.Tests.Builders;
using static FhirPriorAuth.Policies.Tests.Evidence.EvidenceAssert;

namespace FhirPriorAuth.Policies.Tests.Evidence;

/// <summary>Creatinine clearance, CTCAE grades and their recurrence, hepatotoxicity.</summary>
public class LabEvidenceTests
{
    private static readonly DateOnly On = PasRequestBuilder.DefaultServiceDate;

    private static EvidenceSet Extract(PasRequestBuilder b) => PasBundleEvidence.Extract(b.Build());

    [Fact]
    public void Cockcroft_Gault_worked_example()
    {
        // 60-year-old woman, 70 kg, creatinine 1.0 mg/dL: (140-60) x 70 / (72 x 1.0) x 0.85 = 66.1 mL/min.
        var e = Extract(PasRequestBuilder.Lutathera().Patient(age: 60, sex: "female").Creatinine(1.0m, weightKg: 70));
        var crcl = Single(e, "creatinineClearance");
        Assert.Equal(66.1m, crcl.Value);
        Assert.Equal(new FactSource(FactSourceKind.Computed, "cockcroft-gault"), crcl.Source);
        Assert.Equal(["serumCreatinine", "bodyWeight", "age", "sex"], crcl.DerivedFrom!.Select(f => f.Name));
    }

    [Fact]
    public void Cockcroft_Gault_for_a_man_has_no_factor()
    {
        // (140-40) x 80 / (72 x 2.0) = 55.6 mL/min.
        var e = Extract(PasRequestBuilder.Lutathera().Patient(age: 40, sex: "male").Creatinine(2.0m, weightKg: 80));
        Assert.Equal(55.6m, Value(e, "creatinineClearance"));
    }

    [Fact]
    public void Creatinine_in_umol_per_L_and_weight_in_pounds_are_converted()
    {
        // 88.42 umol/L = 1.0 mg/dL; 154.324 lb = 70 kg -> same as the worked example.
        var e = Extract(PasRequestBuilder.Lutathera().Patient(age: 60, sex: "female")
            .Observation("cr", PasRequestBuilder.Concept(PasRequestBuilder.Loinc, "2160-0"), "valueQuantity", PasRequestBuilder.Qty(88.42m, "umol/L"))
            .Observation("wt", PasRequestBuilder.Concept(PasRequestBuilder.Loinc, "29463-7"), "valueQuantity", PasRequestBuilder.Qty(154.3236m, "[lb_av]")));
        Assert.Equal(66.1m, Value(e, "creatinineClearance"));
    }

    [Fact]
    public void A_measured_clearance_is_used_as_is()
    {
        var e = Extract(PasRequestBuilder.Lutathera().CreatinineClearance(45).Creatinine(1.0m, weightKg: 70));
        var crcl = Single(e, "creatinineClearance");
        Assert.Equal(45m, crcl.Value);
        Assert.Equal(FactSourceKind.Resource, crcl.Source.Kind);
    }

    [Fact]
    public void Without_weight_no_clearance_is_computed()
    {
        var e = Extract(PasRequestBuilder.Lutathera().Creatinine(1.0m));
        Absent(e, "creatinineClearance");
        Assert.Equal(1.0m, Value(e, "serumCreatinine"));
    }

    [Theory]
    [InlineData(150, 0)]
    [InlineData(149, 1)]
    [InlineData(75, 1)]
    [InlineData(74.9, 2)]
    [InlineData(50, 2)]
    [InlineData(49, 3)]
    [InlineData(25, 3)]
    [InlineData(24, 4)]
    public void Platelet_grade_boundaries(double count, int grade) =>
        Assert.Equal(grade, Value(Extract(PasRequestBuilder.Lutathera().Platelets((decimal)count)), "plateletGrade"));

    [Theory]
    [InlineData(12.5, 0)]
    [InlineData(11.9, 1)]
    [InlineData(10, 1)]
    [InlineData(9.9, 2)]
    [InlineData(8, 2)]
    [InlineData(7.9, 3)]
    public void Anemia_grade_boundaries(double hb, int grade) =>
        Assert.Equal(grade, Value(Extract(PasRequestBuilder.Lutathera().Hemoglobin((decimal)hb)), "anemiaGrade"));

    [Theory]
    [InlineData(2.0, 0)]
    [InlineData(1.5, 1)]
    [InlineData(1.4, 2)]
    [InlineData(1.0, 2)]
    [InlineData(0.9, 3)]
    [InlineData(0.5, 3)]
    [InlineData(0.4, 4)]
    public void Neutropenia_grade_boundaries(double anc, int grade) =>
        Assert.Equal(grade, Value(Extract(PasRequestBuilder.Lutathera().Anc((decimal)anc)), "neutropeniaGrade"));

    [Fact]
    public void Hemoglobin_in_g_per_L_is_graded_in_g_per_dL()
    {
        var e = Extract(PasRequestBuilder.Lutathera().Observation("hb", PasRequestBuilder.Concept(PasRequestBuilder.Loinc, "718-7"),
            "valueQuantity", PasRequestBuilder.Qty(79, "g/L")));
        Assert.Equal(3, Value(e, "anemiaGrade"));
    }

    [Fact]
    public void Recurrence_counts_only_results_since_the_first_Lutathera_dose()
    {
        var firstDose = On.AddDays(-120);
        var e = Extract(PasRequestBuilder.Lutathera().Renewal()
            .LutatheraDoseGiven(firstDose).LutatheraDoseGiven(On.AddDays(-64))
            .Platelets(60, firstDose.AddDays(-10))   // before the first dose: not counted
            .Platelets(70, firstDose.AddDays(30))    // grade 2
            .Platelets(45, firstDose.AddDays(80))    // grade 3
            .Platelets(140, On.AddDays(-5))          // latest: grade 1
            .Anc(0.8m, firstDose.AddDays(30)).Anc(1.8m, On.AddDays(-5))
            .Hemoglobin(9, firstDose.AddDays(30)));
        var count = Single(e, "thrombocytopeniaGrade2PlusCount");
        Assert.Equal(2, count.Value);
        Assert.Equal(2, count.DerivedFrom!.Count);
        Assert.Equal(1, Value(e, "plateletGrade"));
        Assert.Equal(1, Value(e, "neutropeniaGrade3PlusCount"));
        Assert.Equal(0, Value(e, "anemiaGrade3PlusCount"));
    }

    [Fact]
    public void Without_Lutathera_doses_there_are_grades_but_no_recurrence_counts()
    {
        var e = Extract(PasRequestBuilder.Lutathera().Platelets(60));
        Assert.Equal(2, Value(e, "plateletGrade"));
        Absent(e, "thrombocytopeniaGrade2PlusCount");
    }

    [Fact]
    public void Hepatotoxicity_bilirubin_over_three_times_the_upper_limit()
    {
        var first = On.AddDays(-100);
        var e = Extract(PasRequestBuilder.Lutathera().Renewal().LutatheraDoseGiven(first)
            .Bilirubin(3.7m, upperLimit: 1.2m, date: first.AddDays(20))   // > 3.6: episode
            .Bilirubin(3.6m, upperLimit: 1.2m, date: first.AddDays(40))); // = 3 x ULN: not
        Assert.Equal(1, Value(e, "hepatotoxicityCount"));
    }

    [Fact]
    public void Hepatotoxicity_low_albumin_with_a_low_prothrombin_ratio_is_one_episode()
    {
        // INR 1.5 -> prothrombin activity ~ 100/1.5 = 67 % (< 70 %); albumin 2.8 g/dL = 28 g/L (< 30).
        var first = On.AddDays(-100);
        var e = Extract(PasRequestBuilder.Lutathera().Renewal().LutatheraDoseGiven(first)
            .Albumin(2.8m, "g/dL", first.AddDays(50)).Inr(1.5m, first.AddDays(51))
            .Albumin(29, "g/L", first.AddDays(70)).Inr(1.3m, first.AddDays(70)));   // ratio ~77 %: not
        var count = Single(e, "hepatotoxicityCount");
        Assert.Equal(1, count.Value);
        Assert.Equal(2, count.DerivedFrom!.Count);
    }

    [Theory]
    [InlineData(70, 1)]  // 4.09 mg/dL > 3 x 1.2
    [InlineData(60, 0)]  // 3.51 mg/dL
    public void Bilirubin_in_umol_per_L_is_converted_with_its_own_molar_mass(int umolPerL, int episodes)
    {
        var first = On.AddDays(-100);
        var e = Extract(PasRequestBuilder.Lutathera().Renewal().LutatheraDoseGiven(first)
            .Observation("bili", PasRequestBuilder.Concept(PasRequestBuilder.Loinc, "1975-2"), "valueQuantity", PasRequestBuilder.Qty(umolPerL, "umol/L"), first.AddDays(10)));
        Assert.Equal(episodes, Value(e, "hepatotoxicityCount"));
    }

    [Fact]
    public void Normal_liver_tests_after_a_dose_are_zero_episodes()
    {
        var first = On.AddDays(-100);
        var e = Extract(PasRequestBuilder.Lutathera().Renewal().LutatheraDoseGiven(first).Bilirubin(0.8m, date: first.AddDays(20)));
        Assert.Equal(0, Value(e, "hepatotoxicityCount"));
    }
}
