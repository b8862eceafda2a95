using FhirPriorAuth.Policies.Artifacts;
using FhirPriorAuth.Policies.Decisions;

namespace FhirPriorAuth.Policies.Tests.Policies;

/// <summary>
/// Whole decisions under CP.PHAR.63: the qualifying patient of every pathway, generic-first substitution, approval
/// periods per line of business, and the referrals the policy makes instead of deciding (pended, never denied).
/// </summary>
public sealed class EverolimusDecisionTests
{
    public static TheoryData<EvidenceRoute> Routes => [.. Enum.GetValues<EvidenceRoute>()];

    public static IEnumerable<TheoryDataRow<EvidenceRoute, string, string>> QualifyingRows =>
        from pathway in new[]
        {
            ("breast", "i-a"), ("net", "i-b"), ("rcc", "i-c"), ("aml", "i-d"), ("sega", "i-e"), ("seizures", "i-f"),
            ("transplant", "i-g"), ("endometrial", "i-h"), ("continuation", "ii-a"),
        }
        from route in Enum.GetValues<EvidenceRoute>()
        select new TheoryDataRow<EvidenceRoute, string, string>(route, pathway.Item1, pathway.Item2);

    private static Decision Decide(EvidenceRoute route, string pathway, string change = "") =>
        EverolimusPolicy.Decide(EverolimusRequest.Qualifying(pathway).With(change), route);

    [Fact]
    public void The_PlanDefinition_loads_without_problems_and_is_in_effect_from_June_2011()
    {
        Assert.Empty(EverolimusPolicy.Problems);
        var policy = EverolimusPolicy.Policy;
        Assert.Equal(("centene", "everolimus", "active"), (policy.Payer, policy.Drug, policy.Status));
        Assert.Equal(new DateOnly(2011, 6, 1), policy.EffectiveStart);
        Assert.Null(policy.EffectiveEnd);
        Assert.Equal(EverolimusPolicy.Name, policy.PolicyName);
    }

    [Fact]
    public void A_date_of_service_before_the_effective_date_finds_no_policy()
    {
        var request = EverolimusRequest.Qualifying("breast").With("serviceDate=2011-05-31");

        var decision = EverolimusPolicy.Decide(request, EvidenceRoute.Facts);

        Assert.Equal(ReviewAction.Pended, decision.Action);
        Assert.Contains("no policy in effect", decision.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(QualifyingRows))]
    public void The_qualifying_patient_of_each_pathway_is_approved_with_every_criterion_met(EvidenceRoute route, string pathway, string id)
    {
        var decision = Decide(route, pathway);

        Assert.True(decision.Action == ReviewAction.Approved, decision.Summary);
        var result = decision.Criterion(id);
        Assert.Equal(CriterionOutcome.Met, result.Outcome);
        Assert.All(result.Children, item => Assert.Equal(CriterionOutcome.Met, item.Outcome));
        Assert.Contains($"({EverolimusPolicy.Name}, {result.Citation.Section}) is met", decision.Summary, StringComparison.Ordinal);
        Assert.Null(decision.Authorization!.Product);
    }

    // ---- Generic first (I.A.7, I.B.6, ..., II.A.3) --------------------------------------------------------------

    [Theory]
    [InlineData(EvidenceRoute.Facts, "breast", "product=afinitor")]
    [InlineData(EvidenceRoute.PasBundle, "breast", "product=afinitor")]
    [InlineData(EvidenceRoute.Dtr, "breast", "product=afinitor")]
    [InlineData(EvidenceRoute.Facts, "breast", "product=afinitor;genericNotSuitable=false")]
    [InlineData(EvidenceRoute.Dtr, "breast", "product=afinitor;genericNotSuitable=false")]
    [InlineData(EvidenceRoute.Facts, "sega", "product=afinitor-disperz")]
    [InlineData(EvidenceRoute.Facts, "transplant", "product=zortress")]
    [InlineData(EvidenceRoute.PasBundle, "transplant", "product=zortress")]
    [InlineData(EvidenceRoute.Facts, "continuation", "product=afinitor")]
    public void A_brand_request_without_a_reason_against_the_generic_is_approved_as_generic_everolimus(EvidenceRoute route, string pathway, string change)
    {
        var decision = Decide(route, pathway, change);

        Assert.True(decision.Action == ReviewAction.Modified, decision.Summary);
        Assert.Equal("everolimus-generic", decision.Authorization!.Product);
        Assert.Equal(CriterionOutcome.NotMet, decision.Criterion("generic-first").Outcome);
        Assert.Contains("approved as everolimus-generic instead of as requested", decision.Summary, StringComparison.Ordinal);
        Assert.Contains("I.A.7, I.B.6, I.C.5, I.D.5, I.E.5, I.F.6, I.G.6, I.H.5, II.A.3", decision.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public void A_brand_request_with_the_generic_contraindicated_or_not_tolerated_is_approved_as_requested(EvidenceRoute route)
    {
        var decision = Decide(route, "breast", "product=afinitor;genericNotSuitable=true");

        Assert.True(decision.Action == ReviewAction.Approved, decision.Summary);
        Assert.Null(decision.Authorization!.Product);
        Assert.Equal(CriterionOutcome.Met, decision.Criterion("generic-first").Outcome);
    }

    // ---- Approval duration per line of business ------------------------------------------------------------------

    [Theory]
    [InlineData("breast", "lineOfBusiness=medicaid", "2026-09-01")]                 // I: Medicaid 6 months
    [InlineData("breast", "lineOfBusiness=marketplace", "2026-09-01")]              // I: HIM 6 months
    [InlineData("breast", "requestedDays=90", "2026-05-30")]                        // I: Commercial, the request is shorter
    [InlineData("breast", "requestedDays=400", "2027-03-01")]                       // I: Commercial 12 months
    [InlineData("seizures", "lineOfBusiness=medicaid", "2026-09-01")]               // I.F: Medicaid 6 months
    [InlineData("transplant", "lineOfBusiness=marketplace", "2026-09-01")]          // I.G: Medicaid/HIM 6 months
    [InlineData("transplant", "requestedDays=365", "2027-03-01")]                   // I.G: Commercial 12 months
    [InlineData("continuation", "lineOfBusiness=medicaid", "2027-03-01")]           // II.A: Medicaid 12 months
    [InlineData("continuation", "lineOfBusiness=marketplace", "2027-03-01")]        // II.A: HIM 12 months
    [InlineData("continuation", "requestedDays=90", "2026-05-30")]                  // II.A: Commercial, the request is shorter
    public void The_authorization_runs_from_the_date_of_service_for_the_line_of_business_duration(string pathway, string change, string end)
    {
        foreach (var route in Enum.GetValues<EvidenceRoute>())
        {
            var decision = Decide(route, pathway, change);

            Assert.True(decision.Action == ReviewAction.Approved, $"[{route}] {decision.Summary}");
            Assert.Equal(EverolimusRequest.ServiceDate, decision.Authorization!.Start);
            Assert.Equal(DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture), decision.Authorization.End);
        }
    }

    // ---- Referrals: the policy sends these elsewhere, so they pend (A4) and are never denied ----------------------

    [Theory]
    [InlineData(EvidenceRoute.Facts, "breast", "lineOfBusiness=medicare")]
    [InlineData(EvidenceRoute.PasBundle, "breast", "lineOfBusiness=medicare")]
    [InlineData(EvidenceRoute.Dtr, "breast", "lineOfBusiness=medicare")]
    [InlineData(EvidenceRoute.Facts, "breast", "lineOfBusiness=medicare;age=17")]
    [InlineData(EvidenceRoute.Facts, "continuation", "lineOfBusiness=other")]
    [InlineData(EvidenceRoute.Facts, "transplant", "-lineOfBusiness")]
    public void A_line_of_business_the_policy_does_not_cover_is_pended_not_decided(EvidenceRoute route, string pathway, string change)
    {
        var decision = Decide(route, pathway, change);

        Assert.True(decision.Action == ReviewAction.Pended, decision.Summary);
        Assert.Equal(CriterionOutcome.Unknown, decision.Criterion("line-of-business-covered").Outcome);
        Assert.Contains("policy does not cover this line of business", decision.Summary, StringComparison.Ordinal);
        Assert.Null(decision.Authorization);
        // Nothing for the form to document: contact the payer (CT), no form.
        Assert.Equal(ReferralKind.ContactPayer, decision.Referral?.Kind);
        Assert.Empty(decision.MissingDocumentation);
    }

    [Theory]
    [InlineData(EvidenceRoute.Facts, "breast", "lineOfBusiness=marketplace;product=afinitor-disperz;genericNotSuitable=true")]
    [InlineData(EvidenceRoute.PasBundle, "breast", "lineOfBusiness=marketplace;product=afinitor-disperz;genericNotSuitable=true")]
    [InlineData(EvidenceRoute.Dtr, "sega", "lineOfBusiness=marketplace;product=afinitor-disperz;genericNotSuitable=true")]
    [InlineData(EvidenceRoute.Facts, "continuation", "lineOfBusiness=marketplace;product=afinitor-disperz;genericNotSuitable=true")]
    [InlineData(EvidenceRoute.Facts, "seizures", "lineOfBusiness=marketplace")]
    [InlineData(EvidenceRoute.Dtr, "seizures", "lineOfBusiness=marketplace;age=1")]
    public void Afinitor_Disperz_for_a_marketplace_member_is_referred_to_the_formulary_exception_policy(EvidenceRoute route, string pathway, string change)
    {
        var decision = Decide(route, pathway, change);

        Assert.True(decision.Action == ReviewAction.Pended, decision.Summary);
        Assert.Equal(CriterionOutcome.Unknown, decision.Criterion("him-formulary-exception-review").Outcome);
        Assert.Contains("HIM.PA.103", decision.Summary, StringComparison.Ordinal);
        Assert.Equal(ReferralKind.Review, decision.Referral?.Kind);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public void Brand_Afinitor_Disperz_for_a_marketplace_member_with_no_reason_against_the_generic_gets_the_generic(EvidenceRoute route)
    {
        var decision = Decide(route, "sega", "lineOfBusiness=marketplace;product=afinitor-disperz");

        Assert.True(decision.Action == ReviewAction.Modified, decision.Summary);
        Assert.Equal("everolimus-generic", decision.Authorization!.Product);
        Assert.Equal(new DateOnly(2026, 9, 1), decision.Authorization.End);
    }

    [Theory]
    [InlineData(EvidenceRoute.Facts, "breast", "diagnosis=D05.11", "I.I")]
    [InlineData(EvidenceRoute.PasBundle, "breast", "diagnosis=D05.11", "I.I")]
    [InlineData(EvidenceRoute.Dtr, "breast", "diagnosis=D05.11", "I.I")]
    [InlineData(EvidenceRoute.Facts, "breast", "diagnosis=C61;age=17", "I.I")]
    [InlineData(EvidenceRoute.Facts, "transplant", "diagnosis=Z94.1;transplant=other", "I.I")]
    [InlineData(EvidenceRoute.Facts, "continuation", "diagnosis=C61", "II.B")]
    [InlineData(EvidenceRoute.Dtr, "continuation", "diagnosis=C61", "II.B")]
    public void A_diagnosis_the_policy_does_not_address_is_pended_for_off_label_review(EvidenceRoute route, string pathway, string change, string section)
    {
        var decision = Decide(route, pathway, change);

        Assert.True(decision.Action == ReviewAction.Pended, decision.Summary);
        Assert.Contains($"({EverolimusPolicy.Name}, {section})", decision.Summary, StringComparison.Ordinal);
        Assert.Contains("CP.CPA.09", decision.Summary, StringComparison.Ordinal);
        Assert.Empty(decision.MissingDocumentation);
        Assert.Equal(ReferralKind.Review, decision.Referral?.Kind);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public void An_addressed_diagnosis_that_fails_its_criteria_is_denied_citing_every_failed_item(EvidenceRoute route)
    {
        // (An age under 18 is no longer such a failure: it is an unlisted use, referred to off-label review under I.I.2.)
        var decision = Decide(route, "breast", "metastatic=false;recurrent=false;her2Status=positive");

        Assert.True(decision.Action == ReviewAction.Denied, decision.Summary);
        Assert.Contains($"{EverolimusPolicy.Name}, I.A.2", decision.Summary, StringComparison.Ordinal);
        Assert.Contains($"{EverolimusPolicy.Name}, I.A.5", decision.Summary, StringComparison.Ordinal);
        // Breast cancer is addressed by I.A, so no off-label referral (I.I) softens the denial.
        Assert.False(decision.Criterion("i-i").Applies);
    }
}
