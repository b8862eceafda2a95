using FhirPriorAuth.Policies.Decisions;
using static FhirPriorAuth.Policies.Decisions.CriterionOutcome;
using static FhirPriorAuth.Policies.Decisions.ReviewAction;

namespace FhirPriorAuth.Policies.Tests.Policies;

/// <summary>
/// Wellmark 06.01.38 (Lutathera): each indication 1-5 with its own qualifying patient, every criterion of it met and
/// not met (and undocumented), the all-of criteria, the investigational age and the dose limit; each way of documenting.
/// </summary>
public sealed class LutatheraWellmarkTests
{
    private static LutatheraPatient Patient(string[] diagnoses, Dictionary<string, object?> clinical) => new()
    {
        Payer = "wellmark",
        ServiceDate = new(2026, 3, 2),
        Diagnoses = diagnoses,
        Clinical = new Dictionary<string, object?>(clinical) { ["sstrImaging"] = "positive", ["adequateOrganFunction"] = true },
    };

    /// <summary>Indication 1: metastatic typical lung carcinoid, significant burden, Lutathera as primary therapy.</summary>
    public static LutatheraPatient LungMetastatic { get; } = Patient(["C7A.090"], new()
    {
        ["metastatic"] = true, ["tumorBurdenSignificant"] = true, ["mitoticRate"] = 1m, ["tumorNecrosis"] = false,
        ["lineOfTherapy"] = "first-line",
    });

    /// <summary>Indication 2.a: metastatic ileal NET, Ki-67 8 %, progressing on octreotide LAR.</summary>
    public static LutatheraPatient GepProgressing { get; } = Patient(["C7A.012", "C7B.02"], new()
    {
        ["metastatic"] = true, ["ki67"] = 8m, ["progression"] = "worsened", ["progressionOnSsa"] = true,
        ["priorTherapy"] = new[] { "octreotide-lar" }, ["longActingSsaWashoutDays"] = 35, ["lineOfTherapy"] = "subsequent",
    });

    /// <summary>Indication 2.b: untreated metastatic grade 2 pancreatic NET, Ki-67 15 %, significant burden.</summary>
    public static LutatheraPatient GepFirstLine { get; } = Patient(["C25.4", "C7B.02"], new()
    {
        ["metastatic"] = true, ["ki67"] = 15m, ["progression"] = "stable", ["progressionOnSsa"] = false,
        ["tumorBurdenSignificant"] = true, ["lineOfTherapy"] = "first-line",
    });

    /// <summary>Indication 3: locally unresectable typical lung carcinoid progressing on octreotide LAR.</summary>
    public static LutatheraPatient LungUnresectable { get; } = Patient(["C7A.090"], new()
    {
        ["metastatic"] = false, ["resectability"] = "unresectable", ["mitoticRate"] = 1m, ["tumorNecrosis"] = false,
        ["lineOfTherapy"] = "subsequent", ["progression"] = "worsened", ["progressionOnSsa"] = true, ["priorTherapy"] = new[] { "octreotide-lar" },
        ["longActingSsaWashoutDays"] = 35,
    });

    /// <summary>Indication 4: metastatic pheochromocytoma, no prior Lutathera.</summary>
    public static LutatheraPatient Pheochromocytoma { get; } = Patient(["C74.10"], new() { ["metastatic"] = true });

    /// <summary>Indication 5: carcinoid syndrome poorly controlled on lanreotide and telotristat; Ki-67 25 % rules out indication 2.</summary>
    public static LutatheraPatient CarcinoidSyndrome { get; } = Patient(["C7A.012", "C7B.02", "E34.00"], new()
    {
        ["metastatic"] = true, ["ki67"] = 25m, ["carcinoidSyndromeUncontrolled"] = true,
        ["priorTherapy"] = new[] { "telotristat" },
    });

    private static readonly Dictionary<string, LutatheraPatient> Baselines = new()
    {
        ["indication-1"] = LungMetastatic, ["indication-2a"] = GepProgressing, ["indication-2b"] = GepFirstLine,
        ["indication-3"] = LungUnresectable, ["indication-4"] = Pheochromocytoma, ["indication-5"] = CarcinoidSyndrome,
    };

    /// <summary>(baseline, criterion, fact, value, criterion outcome, decision).</summary>
    private static readonly (string Baseline, string Criterion, string Fact, object? Value, CriterionOutcome Outcome, ReviewAction Action)[] Rows =
    [
        ("indication-1", "indication-1", "age", 58, Met, Approved),
        ("indication-1", "ind1-lung-thymus", "diagnosis", new[] { "C7A.091" }, Met, Approved),
        ("indication-1", "ind1-lung-thymus", "diagnosis", new[] { "C7A.092" }, NotMet, Pended), // a gastric NET: indication 2 asks for Ki-67
        ("indication-1", "ind1-distant-metastases", "metastatic", false, NotMet, Denied),
        ("indication-1", "ind1-distant-metastases", "metastatic", null, Unknown, Pended),
        ("indication-1", "ind1-tumor-burden", "tumorBurdenSignificant", false, NotMet, Denied),
        ("indication-1", "ind1-tumor-burden", "tumorBurdenSignificant", null, Unknown, Pended),
        // 2 mitoses is the atypical carcinoid 1.b names: 1.a fails but the grade is met as NCCN reads it (issue 9 class 3;
        // this row said Denied).
        ("indication-1", "ind1-low-grade", "mitoticRate", 2m, NotMet, Approved),
        ("indication-1", "ind1-atypical", "mitoticRate", 12m, NotMet, Denied),
        ("indication-1", "ind1-low-grade", "mitoticRate", null, Unknown, Pended),
        ("indication-1", "ind1-intermediate-grade", "tumorNecrosis", true, Met, Approved),
        ("indication-1", "ind1-necrosis-progression-grade", "tumorNecrosis", null, Unknown, Pended),
        ("indication-1", "ind1-no-necrosis", "tumorNecrosis", true, NotMet, Approved),
        ("indication-1", "ind1-intermediate-grade", "tumorNecrosis", false, NotMet, Approved),
        ("indication-1", "ind1-progression", "progression", "worsened", Met, Approved),
        ("indication-1", "ind1-progression", "progression", "stable", NotMet, Approved),
        ("indication-1", "ind1-primary-therapy", "lineOfTherapy", "subsequent", NotMet, Denied),
        ("indication-1", "ind1-primary-therapy", "lineOfTherapy", null, Unknown, Pended),
        ("indication-1", "ind1-sstr-imaging", "sstrImaging", "negative", NotMet, Denied),
        ("indication-1", "ind1-organ-function", "adequateOrganFunction", false, NotMet, Denied),

        ("indication-2a", "ind2-age", "age", 12, Met, Approved),
        ("indication-2a", "ind2-age", "age", null, Unknown, Pended),
        ("indication-2a", "age-11-or-less", "age", 11, Met, Denied),
        ("indication-2a", "ind2-gep-net", "diagnosis", new[] { "C7A.093", "C7B.02" }, NotMet, Denied),
        ("indication-2a", "ind2-gep-net", "diagnosis", new[] { "C7B.02" }, Unknown, Pended),
        ("indication-2a", "ind2-extent", "metastatic", false, Unknown, Pended),
        ("indication-2a", "ind2a-ki67", "ki67", 20m, Met, Approved),
        ("indication-2a", "ind2a-ki67", "ki67", 21m, NotMet, Denied),
        ("indication-2a", "ind2a-ki67", "ki67", null, Unknown, Pended),
        ("indication-2a", "ind2a-progression", "progressionOnSsa", false, NotMet, Denied),
        ("indication-2a", "ind2a-progression", "progressionOnSsa", null, Unknown, Pended),
        ("indication-2a", "ind2-sstr-imaging", "sstrImaging", "negative", NotMet, Denied),
        ("indication-2a", "ind2-sstr-imaging", "sstrImaging", null, Unknown, Pended),
        ("indication-2a", "ind2-organ-function", "adequateOrganFunction", false, NotMet, Denied),
        ("indication-2a", "ind2-organ-function", "adequateOrganFunction", null, Unknown, Pended),
        ("indication-2a", "other-indication", "diagnosis", new[] { "C61" }, Met, Denied),
        ("indication-2a", "dose-cap", "dosesRequested", 4, Met, Approved),
        ("indication-2a", "dose-cap", "dosesRequested", 5, NotMet, Modified),

        ("indication-2b", "ind2b", "ki67", 10m, Met, Approved),
        ("indication-2b", "ind2b-ki67", "ki67", 9m, NotMet, Denied),
        ("indication-2b", "ind2b-ki67", "ki67", 20m, NotMet, Denied),
        // Subsequent therapy with no therapy history sent: 2.a (progression on an analogue or targeted therapy) is
        // unknown, so the request pends for the history (issue 9 class 1; this row said Denied).
        ("indication-2b", "ind2b-first-line", "lineOfTherapy", "subsequent", NotMet, Pended),
        ("indication-2b", "ind2b-first-line", "lineOfTherapy", null, Unknown, Pended),
        ("indication-2b", "ind2b-sstr-positive", "sstrImaging", "negative", NotMet, Denied),
        ("indication-2b", "ind2b-tumor-burden", "tumorBurdenSignificant", false, NotMet, Denied),
        ("indication-2b", "ind2b-tumor-burden", "tumorBurdenSignificant", null, Unknown, Pended),

        ("indication-3", "ind3-lung-thymus", "diagnosis", new[] { "C7A.092" }, NotMet, Pended),
        ("indication-3", "ind3-unresectable", "resectability", "resectable", NotMet, Denied),
        ("indication-3", "ind3-unresectable", "resectability", "locally-advanced", NotMet, Denied),
        ("indication-3", "ind3-unresectable", "resectability", null, Unknown, Pended),
        ("indication-3", "ind3-low-grade", "mitoticRate", 3m, NotMet, Denied),
        ("indication-3", "ind3-no-necrosis", "tumorNecrosis", true, NotMet, Denied),
        ("indication-3", "ind3-no-necrosis", "tumorNecrosis", null, Unknown, Pended),
        ("indication-3", "ind3-subsequent-therapy", "lineOfTherapy", "first-line", NotMet, Denied),
        ("indication-3", "ind3-subsequent-therapy", "progressionOnSsa", false, NotMet, Denied),
        ("indication-3", "ind3-sstr-imaging", "sstrImaging", "negative", NotMet, Denied),
        ("indication-3", "ind3-organ-function", "adequateOrganFunction", null, Unknown, Pended),

        ("indication-4", "indication-4", "age", 58, Met, Approved),
        ("indication-4", "ind4-pheo-paraganglioma", "diagnosis", new[] { "C75.5" }, Met, Approved),
        ("indication-4", "ind4-pheo-paraganglioma", "diagnosis", new[] { "C7A.093" }, NotMet, Denied),
        ("indication-4", "ind4-extent", "metastatic", false, Unknown, Pended),
        ("indication-4", "ind4-no-prior-radiolabeled-ssa", "priorTherapy", new[] { "lutathera" }, NotMet, Denied),
        ("indication-4", "ind4-sstr-imaging", "sstrImaging", "negative", NotMet, Denied),
        ("indication-4", "ind4-organ-function", "adequateOrganFunction", false, NotMet, Denied),

        ("indication-5", "indication-5", "age", 58, Met, Approved),
        ("indication-5", "ind5-carcinoid-syndrome", "carcinoidSyndromeUncontrolled", false, NotMet, Denied),
        ("indication-5", "ind5-carcinoid-syndrome", "carcinoidSyndromeUncontrolled", null, Unknown, Pended),
        ("indication-5", "ind5-net", "diagnosis", new[] { "E34.00" }, NotMet, Denied),
        ("indication-5", "ind5-symptom-progression", "priorTherapy", new[] { "lanreotide" }, Met, Approved),
        // No therapy history sent: unknown (pend for it), not Not met — issue 9 class 1 (this row said NotMet, Denied).
        ("indication-5", "ind5-symptom-progression", "priorTherapy", null, Unknown, Pended),
        ("indication-5", "ind5-sstr-imaging", "sstrImaging", "negative", NotMet, Denied),
        ("indication-5", "ind5-organ-function", "adequateOrganFunction", false, NotMet, Denied),
    ];

    public static TheoryData<Documentation, string, string, string, object?, CriterionOutcome, ReviewAction> Cases
    {
        get
        {
            var data = new TheoryData<Documentation, string, string, string, object?, CriterionOutcome, ReviewAction>();
            foreach (var way in LutatheraCapitalBlueCrossTests.Ways)
                foreach (var (baseline, criterion, fact, value, outcome, action) in Rows)
                    data.Add(way, baseline, criterion, fact, value, outcome, action);
            return data;
        }
    }

    /// <summary>Rows a chart cannot state the way a DTR answer can, with why (the fact is derived from other chart entries).</summary>
    private static readonly Dictionary<(string Criterion, string Fact, bool Undocumented), string> NotStatableInTheChart = new()
    {
        [("ind2a-progression", "progressionOnSsa", true)] =
            "the chart's octreotide LAR course and its dated progression derive progression on the analogue; it cannot be left undocumented",
        [("ind4-no-prior-radiolabeled-ssa", "priorTherapy", false)] =
            "the evidence layer reads any Lutathera in the chart as continuation of the course, so a prior course shows as one under way",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Criterion(Documentation way, string baseline, string criterion, string fact, object? value, CriterionOutcome outcome, ReviewAction action)
    {
        if (way == Documentation.Structured && NotStatableInTheChart.TryGetValue((criterion, fact, value is null), out var why))
            Assert.Skip(why);
        LutatheraAssert.Decided(LutatheraDecisions.Decide(Baselines[baseline].Vary(fact, value), way), criterion, outcome, action,
            value is null ? fact : null);
    }

    public static TheoryData<Documentation, string> QualifyingCases
    {
        get
        {
            var data = new TheoryData<Documentation, string>();
            foreach (var way in LutatheraCapitalBlueCrossTests.Ways)
                foreach (var baseline in Baselines.Keys)
                    data.Add(way, baseline);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(QualifyingCases))]
    public void Each_indication_approves_its_patient_for_four_doses_over_eight_months(Documentation way, string baseline)
    {
        var decision = LutatheraDecisions.Decide(Baselines[baseline], way);

        Assert.True(Approved == decision.Action, decision.Summary);
        var pathway = baseline.StartsWith("indication-2", StringComparison.Ordinal) ? "indication-2" : baseline;
        LutatheraAssert.Qualifies(decision, pathway);
        Assert.Equal(new Authorization(new(2026, 3, 2), new(2026, 11, 1), 4, "doses", null), decision.Authorization);
    }

    [Theory]
    [MemberData(nameof(LutatheraCapitalBlueCrossTests.WaysData), MemberType = typeof(LutatheraCapitalBlueCrossTests))]
    public void Progression_on_everolimus_qualifies_under_2a_without_progression_on_a_somatostatin_analogue(Documentation way)
    {
        var patient = GepProgressing.Vary("progressionOnSsa", false).Vary("priorTherapy", new[] { "octreotide-lar", "everolimus" });

        LutatheraAssert.Decided(LutatheraDecisions.Decide(patient, way), "ind2a-progression", Met, Approved);
    }

    [Theory]
    [MemberData(nameof(LutatheraCapitalBlueCrossTests.WaysData), MemberType = typeof(LutatheraCapitalBlueCrossTests))]
    public void Continuation_is_decided_on_the_same_indication_and_capped_at_the_remaining_doses(Documentation way)
    {
        var decision = LutatheraDecisions.Decide(GepProgressing with { DosesGiven = 3, DosesRequested = 2 }, way);

        LutatheraAssert.Decided(decision, "dose-cap", NotMet, Modified);
        Assert.Equal(Met, decision.Evaluated("indication-2").Outcome);
        Assert.Equal(1, decision.Authorization!.Quantity);
    }

    [Theory]
    [MemberData(nameof(LutatheraCapitalBlueCrossTests.WaysData), MemberType = typeof(LutatheraCapitalBlueCrossTests))]
    public void A_pheochromocytoma_course_under_way_is_not_a_prior_radiolabeled_analogue(Documentation way)
    {
        // The dose given 8 weeks ago is this course's first (the chart shows it as an administration; stated facts name it).
        var continuing = Pheochromocytoma with { DosesGiven = 1, DosesRequested = 3 };
        if (way == Documentation.Facts) continuing = continuing.Vary("priorTherapy", new[] { "lutathera" });

        LutatheraAssert.Decided(LutatheraDecisions.Decide(continuing, way), "ind4-no-prior-radiolabeled-ssa", Met, Approved);
    }

    [Fact]
    public void Prior_PRRT_in_an_earlier_course_counts_against_4a_even_on_a_continuation()
    {
        // A Lutathera course a year ago (more than 24 weeks before this course's first dose), and a renewal for doses 2-4:
        // 4.a "no prior treatment with radiolabeled somatostatin analog" is not met, whatever "continuation" says.
        var continuing = Pheochromocytoma.Vary("priorTherapy", new[] { "lutathera" }) with { DosesGiven = 1, DosesRequested = 3 };

        LutatheraAssert.Decided(LutatheraDecisions.Decide(continuing, Documentation.Structured), "ind4-no-prior-radiolabeled-ssa", NotMet, Denied);
    }

    public static TheoryData<Documentation, string, string, string> ExtentCases
    {
        get
        {
            var data = new TheoryData<Documentation, string, string, string>();
            foreach (var way in LutatheraCapitalBlueCrossTests.Ways)
            {
                data.Add(way, "indication-2a", "ind2-extent", "resectable");
                data.Add(way, "indication-4", "ind4-extent", "resectable");
                data.Add(way, "indication-2a", "ind2-extent", "unresectable");
                data.Add(way, "indication-4", "ind4-extent", "unresectable");
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ExtentCases))]
    public void Without_distant_disease_the_extent_is_the_resectability_statement(Documentation way, string baseline, string criterion, string resectability)
    {
        var primaryOnly = Baselines[baseline].Diagnoses.Where(d => !d.StartsWith("C7B", StringComparison.Ordinal)).ToArray();
        var patient = Baselines[baseline].Vary("diagnosis", primaryOnly).Vary("metastatic", false).Vary("resectability", resectability);

        var covered = resectability == "unresectable";
        LutatheraAssert.Decided(LutatheraDecisions.Decide(patient, way), criterion, covered ? Met : NotMet, covered ? Approved : Denied);
    }

    [Theory]
    [InlineData(2025, 12, 31, false)]
    [InlineData(2026, 1, 1, true)]
    [InlineData(2030, 6, 1, true)]
    public void The_January_2026_revision_governs_from_its_month_without_end(int year, int month, int day, bool inEffect)
    {
        var decision = LutatheraDecisions.Decide(GepProgressing.Vary("serviceDate", new DateOnly(year, month, day)), Documentation.Facts);

        Assert.Equal(inEffect ? Approved : Pended, decision.Action);
        Assert.Equal(inEffect ? "http://fhirpriorauth.example.org/fhir/PlanDefinition/wellmark-lutathera" : null, decision.PolicyUrl);
    }
}
