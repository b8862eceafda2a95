using FhirPriorAuth.Policies.Decisions;
using static FhirPriorAuth.Policies.Decisions.CriterionOutcome;
using static FhirPriorAuth.Policies.Decisions.ReviewAction;

namespace FhirPriorAuth.Policies.Tests.Policies;

/// <summary>
/// The same Lutathera patient sent to Capital Blue Cross and to Wellmark: where the policies differ (age, pheochromocytoma,
/// CBC's retirement) the decisions differ, and where they agree (the 4-dose limit) they match.
/// </summary>
public sealed class CrossPolicyTests
{
    /// <summary>A date of service both policies govern: Wellmark's January 2026 revision, CBC's last month.</summary>
    private static readonly DateOnly BothInEffect = new(2026, 1, 15);

    /// <summary>Meets CBC initial treatment (all 8) and Wellmark indication 2.a.</summary>
    private static LutatheraPatient Gep(string payer) =>
        LutatheraCapitalBlueCrossTests.Initial with { Payer = payer, ServiceDate = BothInEffect };

    private static LutatheraPatient Continuing(string payer, int dosesGiven, int dosesRequested) =>
        LutatheraCapitalBlueCrossTests.Continuing with
        {
            Payer = payer, ServiceDate = BothInEffect, DosesGiven = dosesGiven, DosesRequested = dosesRequested,
        };

    public static TheoryData<Documentation> Ways => LutatheraCapitalBlueCrossTests.WaysData;

    [Theory]
    [MemberData(nameof(Ways))]
    public void Both_payers_approve_the_adult_with_progressing_GEP_NET(Documentation way)
    {
        Assert.Equal(Approved, LutatheraDecisions.Decide(Gep("capital-blue-cross"), way).Action);
        Assert.Equal(Approved, LutatheraDecisions.Decide(Gep("wellmark"), way).Action);
    }

    [Theory]
    [MemberData(nameof(Ways))]
    public void A_15_year_old_is_covered_by_Wellmark_from_age_12_but_not_by_Capital_Blue_Cross_which_requires_an_adult(Documentation way)
    {
        var cbc = LutatheraDecisions.Decide(Gep("capital-blue-cross").Vary("age", 15), way);
        var wellmark = LutatheraDecisions.Decide(Gep("wellmark").Vary("age", 15), way);

        LutatheraAssert.Decided(cbc, "adult", NotMet, Denied);
        Assert.Contains("I. Policy — Initial Treatment, criterion 1", cbc.Summary, StringComparison.Ordinal);
        LutatheraAssert.Decided(wellmark, "ind2-age", Met, Approved);
    }

    [Theory]
    [MemberData(nameof(Ways))]
    public void Metastatic_pheochromocytoma_is_Wellmark_indication_4_and_investigational_for_Capital_Blue_Cross(Documentation way)
    {
        LutatheraPatient Pheo(string payer) => LutatheraWellmarkTests.Pheochromocytoma with { Payer = payer, ServiceDate = BothInEffect };

        var cbc = LutatheraDecisions.Decide(Pheo("capital-blue-cross"), way);
        var wellmark = LutatheraDecisions.Decide(Pheo("wellmark"), way);

        LutatheraAssert.Decided(cbc, "pheochromocytoma-paraganglioma", Met, Denied);
        Assert.Contains("investigational statements, statement 3", cbc.Summary, StringComparison.Ordinal);
        LutatheraAssert.Decided(wellmark, "indication-4", Met, Approved);
    }

    [Theory]
    [MemberData(nameof(Ways))]
    public void After_Capital_Blue_Cross_retired_its_policy_the_request_pends_while_Wellmark_still_decides(Documentation way)
    {
        var cbc = LutatheraDecisions.Decide(Gep("capital-blue-cross").Vary("serviceDate", new DateOnly(2026, 2, 1)), way);
        var wellmark = LutatheraDecisions.Decide(Gep("wellmark").Vary("serviceDate", new DateOnly(2026, 2, 1)), way);

        Assert.Equal(Pended, cbc.Action);
        Assert.Null(cbc.PolicyUrl);
        Assert.Contains("no policy in effect for capital-blue-cross lutathera on 2026-02-01", cbc.Summary, StringComparison.Ordinal);
        Assert.Equal(Approved, wellmark.Action);
    }

    [Theory]
    [MemberData(nameof(Ways))]
    public void Six_doses_asked_for_are_modified_to_four_by_both(Documentation way)
    {
        foreach (var payer in new[] { "capital-blue-cross", "wellmark" })
        {
            var decision = LutatheraDecisions.Decide(Gep(payer).Vary("dosesRequested", 6), way);

            LutatheraAssert.Decided(decision, "dose-cap", NotMet, Modified);
            Assert.Equal(4, decision.Authorization!.Quantity);
            Assert.Equal("doses", decision.Authorization.QuantityUnit);
        }
    }

    [Theory]
    [MemberData(nameof(Ways))]
    public void After_one_dose_four_more_are_modified_to_the_remaining_three_by_both(Documentation way)
    {
        foreach (var payer in new[] { "capital-blue-cross", "wellmark" })
        {
            var decision = LutatheraDecisions.Decide(Continuing(payer, dosesGiven: 1, dosesRequested: 4), way);

            LutatheraAssert.Decided(decision, "dose-cap", NotMet, Modified);
            Assert.Equal(3, decision.Authorization!.Quantity);
        }
    }

    [Theory]
    [MemberData(nameof(Ways))]
    public void After_four_doses_both_deny_a_fifth_as_investigational(Documentation way)
    {
        var cbc = LutatheraDecisions.Decide(Continuing("capital-blue-cross", dosesGiven: 4, dosesRequested: 1), way);
        var wellmark = LutatheraDecisions.Decide(Continuing("wellmark", dosesGiven: 4, dosesRequested: 1), way);

        LutatheraAssert.Decided(cbc, "dose-cap", NotMet, Denied);
        LutatheraAssert.Decided(wellmark, "dose-cap", NotMet, Denied);
        Assert.Contains("Capital Blue Cross MP 2.371, I. Policy — investigational statements, statement 2", cbc.Summary, StringComparison.Ordinal);
        Assert.Contains("Wellmark 06.01.38, Policy — Investigational, bullet 1", wellmark.Summary, StringComparison.Ordinal);
    }
}
