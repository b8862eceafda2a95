using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Decisions;
using FhirPriorAuth.Policies.Evidence;
using FhirPriorAuth.Policies.Tests.Artifacts;
using static FhirPriorAuth.Policies.Tests.Decisions.TestPolicy;

namespace FhirPriorAuth.Policies.Tests.Decisions;

/// <summary>
/// The three-valued rule (docs/policy-format.md, "Absent facts"): a criterion condition never turns an undocumented
/// fact into Not met. Each row puts one way FHIRPath can turn an empty variable into <c>false</c> into the test
/// policy's Karnofsky criterion and decides the otherwise approvable request without that fact: the criterion is
/// unknown and the request pends naming the fact. With the fact documented against the criterion it is Not met.
/// </summary>
public sealed class AbsentFactTests
{
    private const string Pathway = "http://fhirpriorauth.example.org/fhir/StructureDefinition/pa-absent-means-not-met";

    public static TheoryData<string, string, object> Mechanisms => new()
    {
        // expression, the fact left undocumented, a documented value that fails the criterion
        { "%tumorBurdenSignificant contains true", "tumorBurdenSignificant", false },
        { "%tumorBurdenSignificant.exists() and %tumorBurdenSignificant", "tumorBurdenSignificant", false },
        { "%ki67.exists($this <= 20)", "ki67", 25m },
        { "%ki67.count() = 1 and %ki67 <= 20", "ki67", 25m },
        { "%tumorNecrosis.exists() and %tumorNecrosis.not()", "tumorNecrosis", true },
        { "%tumorNecrosis.empty().not() and %tumorNecrosis = false", "tumorNecrosis", true },
        { "iif(%mitoticRate.exists(), %mitoticRate < 2, false)", "mitoticRate", 3m },
        { "%mitoticRate.where($this < 2).exists()", "mitoticRate", 3m },
        { "(%karnofsky | 0).first() >= 60", "karnofsky", 50 },
        { "%priorTherapy contains 'lanreotide'", "priorTherapy", "octreotide" },
        { "%priorTherapy.where($this = 'lanreotide').count() > 0", "priorTherapy", "octreotide" },
        { "%lineOfTherapy.select($this = 'first-line').allTrue() and %lineOfTherapy.exists()", "lineOfTherapy", "subsequent" },
        { "(%serviceDate - 28 days) > iif(%progressionDate.exists(), %progressionDate, @2100-01-01)", "progressionDate", "2026-03-01" },
    };

    private static JsonObject Karnofsky(JsonObject plan) => (JsonObject)plan["action"]![1]!["action"]![2]!;

    private static EvidenceSet Request(string absent, object? value)
    {
        // Karnofsky stays documented (80) unless it is the fact under test.
        var set = absent == "karnofsky" ? Approvable("karnofsky") : Approvable();
        if (value is null) return set;
        if (absent == "progressionDate") value = Date((string)value);
        if (absent is "priorTherapy" or "failedTherapy") return set.With(F(absent, value, "MedicationStatement/ms1"));
        return set.With(F(absent, value));
    }

    [Theory]
    [MemberData(nameof(Mechanisms))]
    public void An_undocumented_fact_leaves_the_criterion_unknown_and_pends(string expression, string fact, object failing)
    {
        using var folder = new ArtifactFolder();
        var catalog = folder.LoadWithPlan(p => Karnofsky(p)["condition"]![0]!["expression"]!["expression"] = expression);
        Assert.Empty(catalog.Problems);

        var undocumented = DecisionEngine.Decide(Request(fact, null), catalog);
        Assert.Equal(CriterionOutcome.Unknown, undocumented.Criteria[1].Children[2].Outcome);
        Assert.True(undocumented.Action == ReviewAction.Pended, undocumented.Summary);
        Assert.Contains(undocumented.MissingDocumentation, m => m.Contains(ReasonText.FactName(fact), StringComparison.Ordinal));

        var documented = DecisionEngine.Decide(Request(fact, failing), catalog);
        Assert.Equal(CriterionOutcome.NotMet, documented.Criteria[1].Children[2].Outcome);
        Assert.Equal(ReviewAction.Denied, documented.Action);

        // The linter names the same condition, so an author sees it before a request does.
        Assert.Contains(catalog.Warnings, w => w.Expression == "PlanDefinition.action[1].action[2].condition[0].expression"
                                                && w.Message.Contains("%" + fact, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Mechanisms))]
    public void An_allow_listed_fact_keeps_absent_as_not_met_and_the_linter_is_silent(string expression, string fact, object failing)
    {
        _ = failing;
        using var folder = new ArtifactFolder();
        var catalog = folder.LoadWithPlan(p =>
        {
            var action = Karnofsky(p);
            action["condition"]![0]!["expression"]!["expression"] = expression;
            action["extension"] = new JsonArray(new JsonObject
            {
                ["url"] = Pathway,
                ["extension"] = new JsonArray(
                    new JsonObject { ["url"] = "fact", ["valueCode"] = fact },
                    new JsonObject { ["url"] = "reason", ["valueString"] = "the policy text says an undocumented value fails" }),
            });
        });
        Assert.Empty(catalog.Problems);
        Assert.DoesNotContain(catalog.Warnings, w => w.Expression.StartsWith("PlanDefinition.action[1].action[2]", StringComparison.Ordinal));

        var undocumented = DecisionEngine.Decide(Request(fact, null), catalog);
        Assert.Equal(CriterionOutcome.NotMet, undocumented.Criteria[1].Children[2].Outcome);
        Assert.Equal(ReviewAction.Denied, undocumented.Action);
    }

    [Fact]
    public void A_false_that_no_documentation_could_change_stays_not_met()
    {
        // The diagnosis is documented and is not a lung NET: an undocumented M stage cannot rescue the criterion.
        using var folder = new ArtifactFolder();
        var catalog = folder.LoadWithPlan(p => Karnofsky(p)["condition"]![0]!["expression"]!["expression"] =
            "%diagnosis.exists($this = 'C7A.090') and %metastatic = true");
        var d = DecisionEngine.Decide(Approvable(), catalog);
        Assert.Equal(CriterionOutcome.NotMet, d.Criteria[1].Children[2].Outcome);
        Assert.Equal(ReviewAction.Denied, d.Action);
    }

    [Fact]
    public void Exclusions_read_absence_as_written()
    {
        // "Unknown exclusions never pend": an exclusion over an undocumented age is simply not excluded.
        var d = DecisionEngine.Decide(Approvable("age"), Catalog);
        Assert.Equal(CriterionOutcome.Unknown, d.Criteria[0].Outcome);
        Assert.NotEqual(ReviewAction.Denied, d.Action);
    }

    [Fact]
    public void An_allow_list_entry_for_a_fact_the_condition_does_not_read_is_a_problem()
    {
        using var folder = new ArtifactFolder();
        var catalog = folder.LoadWithPlan(p => Karnofsky(p)["extension"] = new JsonArray(new JsonObject
        {
            ["url"] = Pathway,
            ["extension"] = new JsonArray(
                new JsonObject { ["url"] = "fact", ["valueCode"] = "ki67" },
                new JsonObject { ["url"] = "reason", ["valueString"] = "x" }),
        }));
        Assert.Contains(catalog.Problems, p => p.Message.Contains("'ki67' is not a fact this action's condition reads", StringComparison.Ordinal));
    }
}
