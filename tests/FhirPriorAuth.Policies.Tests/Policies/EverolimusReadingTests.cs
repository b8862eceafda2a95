using FhirPriorAuth.Policies.Decisions;

namespace FhirPriorAuth.Policies.Tests.Policies;

/// <summary>
/// Whole decisions for the readings of CP.PHAR.63 that docs/clinical-readings.md records: an unlisted age or dose goes
/// to off-label review, a new member on samples is an initial request, too many tablets is a modification, and the
/// 1Q 2025 indications do not reach back before that review.
/// </summary>
public sealed class EverolimusReadingTests
{
    public static TheoryData<EvidenceRoute> Routes => [.. Enum.GetValues<EvidenceRoute>()];

    private static Decision Decide(EvidenceRoute route, string pathway, string change = "") =>
        EverolimusPolicy.Decide(EverolimusRequest.Qualifying(pathway).With(change), route);

    // ---- I.I.2: a requested use whose diagnosis, age or dosing regimen is not listed is reviewed as off-label use -----

    [Theory]
    [InlineData("net", "age=17")]
    [InlineData("breast", "age=17")]
    [InlineData("transplant", "age=17")]
    [InlineData("sega", "age=0")]
    [InlineData("seizures", "age=1")]
    [InlineData("endometrial", "diagnosis=C81.10;-currentTherapy;age=16")]
    public void An_age_the_indication_does_not_list_is_referred_to_off_label_review_not_denied(string pathway, string change)
    {
        foreach (var route in Enum.GetValues<EvidenceRoute>())
        {
            var decision = Decide(route, pathway, change);

            Assert.True(decision.Action == ReviewAction.Pended, $"[{route}] {decision.Summary}");
            Assert.Contains($"({EverolimusPolicy.Name}, I.I.2)", decision.Summary, StringComparison.Ordinal);
            Assert.Contains("CP.CPA.09", decision.Summary, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("breast", "dailyDoseMg=30", "I.A.9")]
    [InlineData("net", "dailyDoseMg=30", "I.B.7")]
    [InlineData("endometrial", "dailyDoseMg=40", "I.H.6")]
    [InlineData("continuation", "doseIncrease=true;dailyDoseMg=30", "II.A.4")]
    public void A_dose_above_the_listed_one_without_literature_pends_for_the_evidence_and_off_label_review(string pathway, string change, string item)
    {
        foreach (var route in Enum.GetValues<EvidenceRoute>())
        {
            var decision = Decide(route, pathway, change);

            Assert.True(decision.Action == ReviewAction.Pended, $"[{route}] {decision.Summary}");
            Assert.Contains($"{EverolimusPolicy.Name}, {item}", decision.Summary, StringComparison.Ordinal);
            Assert.Contains("CP.CPA.09", decision.Summary, StringComparison.Ordinal);
            Assert.Contains(decision.MissingDocumentation, m => m.Contains("off-label-dose-supported", StringComparison.Ordinal));
        }
    }

    // ---- II.A.1: on the drug for under 30 days, not through the Centene benefit -------------------------------------

    [Theory]
    [MemberData(nameof(Routes))]
    public void A_new_member_on_samples_for_under_30_days_is_approved_under_the_initial_criteria(EvidenceRoute route)
    {
        var decision = Decide(route, "breast", "continuation=true;receivingDrugDays=20;receivingViaPayerBenefit=false");

        Assert.True(decision.Action == ReviewAction.Approved, decision.Summary);
        Assert.Equal(CriterionOutcome.Met, decision.Criterion("i-a").Outcome);
        Assert.False(decision.Criterion("ii-a").Applies);
        // Initial approval periods: 12 months commercial, capped by the 30 days requested.
        Assert.Equal(EverolimusRequest.ServiceDate.AddDays(29), decision.Authorization!.End);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public void A_new_member_on_samples_who_fails_the_initial_criteria_is_denied_for_them_not_for_the_30_days(EvidenceRoute route)
    {
        var decision = Decide(route, "breast", "continuation=true;receivingDrugDays=20;receivingViaPayerBenefit=false;her2Status=positive");

        Assert.True(decision.Action == ReviewAction.Denied, decision.Summary);
        Assert.Contains($"{EverolimusPolicy.Name}, I.A.5", decision.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain($"{EverolimusPolicy.Name}, II.A.1", decision.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Thirty_days_on_the_drug_is_a_continuation_whatever_paid_for_it()
    {
        var decision = Decide(EvidenceRoute.Facts, "continuation", "receivingDrugDays=30;receivingViaPayerBenefit=false");

        Assert.True(decision.Action == ReviewAction.Approved, decision.Summary);
        Assert.Equal(CriterionOutcome.Met, decision.Criterion("ii-a").Outcome);
    }

    // ---- Tablet counts: fewer, larger tablets (A6) -------------------------------------------------------------------

    [Theory]
    [InlineData(EvidenceRoute.Facts, "breast", "product=afinitor;genericNotSuitable=true;tabletsPerDay=4;dailyDoseMg=10", "afinitor", "i-a-dose-afinitor-tablets")]
    [InlineData(EvidenceRoute.PasBundle, "breast", "product=afinitor;genericNotSuitable=true;tabletsPerDay=4;dailyDoseMg=10", "afinitor", "i-a-dose-afinitor-tablets")]
    [InlineData(EvidenceRoute.Dtr, "net", "product=afinitor;genericNotSuitable=true;tabletsPerDay=3;dailyDoseMg=15", "afinitor", "i-b-dose-afinitor-tablets")]
    [InlineData(EvidenceRoute.PasBundle, "rcc", "product=afinitor-disperz;genericNotSuitable=true;tabletsPerDay=5;dailyDoseMg=10", "afinitor-disperz", "i-c-dose-disperz-tablets")]
    [InlineData(EvidenceRoute.Facts, "continuation", "product=afinitor;genericNotSuitable=true;doseIncrease=true;tabletsPerDay=4;dailyDoseMg=20", "afinitor", "ii-a-dose-afinitor-tablets")]
    public void More_brand_tablets_a_day_than_the_policy_allows_are_approved_as_fewer_larger_tablets(EvidenceRoute route, string pathway,
        string change, string product, string limit)
    {
        var decision = Decide(route, pathway, change);

        Assert.True(decision.Action == ReviewAction.Modified, decision.Summary);
        Assert.Equal(product, decision.Authorization!.Product);
        Assert.Equal(CriterionOutcome.NotMet, decision.Criterion(limit).Outcome);
        Assert.Contains("fewer, larger tablets", decision.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("breast", "tabletsPerDay=4;dailyDoseMg=10")]                                                   // generic: no tablet limit
    [InlineData("sega", "product=afinitor;genericNotSuitable=true;tabletsPerDay=6;dailyDoseMg=15")]           // SEGA: trough-guided, no limit
    [InlineData("continuation", "product=afinitor;genericNotSuitable=true;doseIncrease=false;tabletsPerDay=4")] // no dose increase
    public void A_tablet_count_the_policy_does_not_limit_is_approved_as_requested(string pathway, string change)
    {
        var decision = Decide(EvidenceRoute.Facts, pathway, change);

        Assert.True(decision.Action == ReviewAction.Approved, decision.Summary);
        Assert.Null(decision.Authorization!.Product);
    }

    // ---- 1Q 2025 review: osteosarcoma and meningioma are not in the text for earlier dates of service ----------------

    [Theory]
    [InlineData("diagnosis=D32.0;currentTherapy=octreotide-lar", "i-h-meningioma-in-effect")]
    [InlineData("diagnosis=C41.9;currentTherapy=sorafenib", "i-h-osteosarcoma-in-effect")]
    public void An_indication_of_the_1Q_2025_review_pends_for_an_earlier_date_of_service(string change, string revision)
    {
        var before = EverolimusPolicy.Decide(EverolimusRequest.Qualifying("endometrial").With(change + ";serviceDate=2025-01-31"), EvidenceRoute.Facts);
        var from = EverolimusPolicy.Decide(EverolimusRequest.Qualifying("endometrial").With(change + ";serviceDate=2025-02-01"), EvidenceRoute.Facts);

        Assert.True(before.Action == ReviewAction.Pended, before.Summary);
        Assert.Equal(CriterionOutcome.Unknown, before.Criterion(revision).Outcome);
        Assert.Contains("policy text for that date is not on file", before.Summary, StringComparison.Ordinal);
        Assert.True(from.Action == ReviewAction.Approved, from.Summary);
    }

    [Fact]
    public void An_older_indication_is_decided_on_the_current_text_for_an_earlier_date_of_service()
    {
        var decision = EverolimusPolicy.Decide(EverolimusRequest.Qualifying("endometrial").With("serviceDate=2024-06-03"), EvidenceRoute.Facts);

        Assert.True(decision.Action == ReviewAction.Approved, decision.Summary);
    }

    // ---- I.F.1: Afinitor Disperz, tablets for oral suspension ---------------------------------------------------------

    [Theory]
    [InlineData("dosageForm=tablet-for-suspension", ReviewAction.Approved)]
    [InlineData("dosageForm=tablet", ReviewAction.Denied)]
    [InlineData("-dosageForm", ReviewAction.Pended)]
    public void Generic_everolimus_for_TSC_seizures_must_be_the_tablets_for_oral_suspension(string change, ReviewAction action)
    {
        var decision = Decide(EvidenceRoute.Facts, "seizures", change);

        Assert.True(decision.Action == action, decision.Summary);
        if (action != ReviewAction.Approved)
            Assert.Contains($"{EverolimusPolicy.Name}, I.F.1", decision.Summary, StringComparison.Ordinal);
    }

    // ---- Continuation: HER2-positive breast cancer ------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(Routes))]
    public void Continued_therapy_for_HER2_positive_breast_cancer_is_not_a_covered_continuation(EvidenceRoute route)
    {
        var decision = Decide(route, "continuation", "her2Status=positive");

        Assert.True(decision.Action == ReviewAction.Denied, decision.Summary);
        Assert.Contains($"({EverolimusPolicy.Name}, II.A)", decision.Summary, StringComparison.Ordinal);
    }
}
