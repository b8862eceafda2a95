using FhirPriorAuth.Policies.Artifacts;
using FhirPriorAuth.Policies.Decisions;
using FhirPriorAuth.Policies.Evidence;
using FhirPriorAuth.Policies.Tests.Builders;
using FhirPriorAuth.Policies.Tests.Policies;

namespace FhirPriorAuth.Policies.Tests.Decisions;

/// <summary>
/// docs/policy-format.md "Conflict precedence": the provider's signed attestation in the payer's form wins over the
/// chart and is cited; a conflict the form already answered otherwise goes to a reviewer (no endless A4 with a form);
/// same-day results that differ are a conflict, not "last in the bundle wins".
/// </summary>
public sealed class ConflictPrecedenceTests
{
    private static readonly DateOnly ServiceDate = EverolimusRequest.ServiceDate;

    // Breast cancer, chart HER2-negative; the form answers HER2 positive in the ways a provider may.
    private static Decision DecideHer2(QuestionnaireResponseBuilder form)
    {
        var bundle = PasRequestBuilder.Everolimus().ServiceDate(ServiceDate).Commercial().Patient(60).Prescriber("207RX0202X")
            .Diagnosis("C50.911").ClinicalM().HormoneReceptors(true, true).Her2(false)
            .Therapy("letrozole", ServiceDate.AddDays(-400), ServiceDate.AddDays(-60), stopReason: "progression")
            .Therapy("exemestane", ServiceDate.AddDays(-7))
            .QuestionnaireResponse(form)
            .Build();
        return DecisionEngine.Decide(PasBundleEvidence.Extract(bundle, ServiceDate), PolicyCatalog.Of(EverolimusPolicy.Policy));
    }

    public static TheoryData<string, bool> Forms => new()
    {
        // form, the attestation settles it
        { "signed, answered by the provider", true },
        { "unsigned", false },
        { "signed, but the answer is the chart's pre-filled value left as it was", false },
        { "two signed answers that disagree", false },
    };

    private static QuestionnaireResponseBuilder Form(string kind) => kind switch
    {
        "signed, answered by the provider" => new QuestionnaireResponseBuilder().SignedBy().Answer("her2Status", "positive"),
        "unsigned" => new QuestionnaireResponseBuilder().Answer("her2Status", "positive"),
        "signed, but the answer is the chart's pre-filled value left as it was" =>
            new QuestionnaireResponseBuilder().SignedBy().AnswerPrefilled("her2Status", "positive"),
        _ => new QuestionnaireResponseBuilder().SignedBy().Answer("her2Status", "positive").Answer("her2Status", "negative"),
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public void Given_AChartValueAndAFormAnswerThatDisagree_When_Decided_Then_TheAttestationWinsOrAReviewerDecides(string form, bool settled)
    {
        var decision = DecideHer2(Form(form));

        if (settled)
        {
            // HER2-positive, as attested: I.A.5 is not met, and the decision says which source it took and why.
            Assert.Empty(decision.Conflicts);
            Assert.Equal(CriterionOutcome.NotMet, decision.Criterion("i-a-receptor-status").Outcome);
            Assert.Contains("her2Status = positive from QuestionnaireResponse/dtr-response#her2Status (the provider's signed attestation in the payer's form, over negative from",
                decision.Criterion("i-a-receptor-status").Reason, StringComparison.Ordinal);
            Assert.Contains("Settled by precedence: her2Status", decision.Summary, StringComparison.Ordinal);
        }
        else
        {
            // The form has answered and the request is still in conflict: a reviewer decides, no form is sent again.
            Assert.True(decision.Action == ReviewAction.Pended, decision.Summary);
            Assert.Contains(decision.Conflicts, c => c.Name == "her2Status");
            Assert.Equal(ReferralKind.Review, decision.Referral?.Kind);
            Assert.StartsWith("Pended for review — ", decision.Summary, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Given_AChartConflictTheFormHasNotAnswered_When_Decided_Then_ItPendsWithTheForm()
    {
        var bundle = PasRequestBuilder.Lutathera("wellmark").ServiceDate(ServiceDate).Patient(60).Diagnosis("C7A.010")
            .Observation("ki67-a", PasRequestBuilder.Concept(FactCatalog.Loinc, "29593-1"), "valueQuantity", PasRequestBuilder.Qty(22m, "%"), ServiceDate.AddDays(-20))
            .Observation("ki67-b", PasRequestBuilder.Concept(FactCatalog.Loinc, "29593-1"), "valueQuantity", PasRequestBuilder.Qty(9m, "%"), ServiceDate.AddDays(-20))
            .Build();

        var decision = DecisionEngine.Decide(PasBundleEvidence.Extract(bundle, ServiceDate), LutatheraDecisions.Catalog);

        Assert.True(decision.Action == ReviewAction.Pended, decision.Summary);
        Assert.Contains(decision.Conflicts, c => c.Name == "ki67");
        Assert.Null(decision.Referral);
    }

    public static TheoryData<int, decimal, decimal, bool> Ki67Results => new()
    {
        // days between the two results, first value, second value, a conflict
        { 0, 22m, 9m, true },     // same day, different values: a conflict, whichever comes last in the bundle
        { 0, 9m, 22m, true },
        { 0, 12m, 12m, false },   // same day, same value: agreement
        { 1, 22m, 9m, false },    // a later result is the current one; the earlier is history
    };

    [Theory]
    [MemberData(nameof(Ki67Results))]
    public void Given_TwoKi67Results_When_TheEvidenceIsRead_Then_SameDayResultsThatDifferAreAConflict(int daysApart, decimal first, decimal second, bool conflict)
    {
        static System.Text.Json.Nodes.JsonObject code() => PasRequestBuilder.Concept(FactCatalog.Loinc, "29593-1");
        var bundle = PasRequestBuilder.Lutathera("wellmark").ServiceDate(ServiceDate).Patient(60).Diagnosis("C7A.090")
            .Observation("ki67-a", code(), "valueQuantity", PasRequestBuilder.Qty(first, "%"), ServiceDate.AddDays(-20))
            .Observation("ki67-b", code(), "valueQuantity", PasRequestBuilder.Qty(second, "%"), ServiceDate.AddDays(-20 + daysApart))
            .Build();

        var evidence = PasBundleEvidence.Extract(bundle, ServiceDate);
        var decision = DecisionEngine.Decide(evidence, LutatheraDecisions.Catalog);

        Assert.Equal(conflict, decision.Conflicts.Any(c => c.Name == "ki67"));
        if (!conflict) Assert.Equal([second], evidence.Values("ki67").Distinct());
    }
}
