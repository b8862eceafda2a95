using FhirPriorAuth.Policies.Artifacts;
using FhirPriorAuth.Policies.Decisions;
using FhirPriorAuth.Policies.Evidence;
using static FhirPriorAuth.Policies.Tests.Decisions.TestPolicy;

namespace FhirPriorAuth.Policies.Tests.Decisions;

public sealed class DecisionEngineTests
{
    private static Decision Decide(EvidenceSet evidence) => DecisionEngine.Decide(evidence, Catalog);

    [Fact]
    public void EveryCriterionMet_IsApprovedForThePathwayDuration()
    {
        var d = Decide(Approvable());
        Assert.Equal(ReviewAction.Approved, d.Action);
        Assert.Equal("http://fhirpriorauth.example.org/fhir/PlanDefinition/test-wellmark-lutathera", d.PolicyUrl);
        Assert.Equal("2026.1", d.PolicyVersion);
        Assert.Equal(new Authorization(new(2026, 3, 15), new(2026, 9, 14), 4, "doses", null), d.Authorization);
        Assert.StartsWith("Approved — Initial treatment (Test Payer TP 1.0, I. Initial Treatment) is met. Authorized 2026-03-15 to 2026-09-14 (6 mo for commercial).", d.Summary);
        Assert.Empty(d.MissingDocumentation);
    }

    [Fact]
    public void CriteriaAreReportedForEveryAction_InDocumentOrder_WithChildren()
    {
        var d = Decide(Approvable());
        Assert.Equal(["exclusion-pediatric", "initial", "continuation", "dose-limit"], d.Criteria.Select(c => c.Id));
        var initial = d.Criteria[1];
        Assert.Equal(["initial-diagnosis", "initial-sstr", "initial-karnofsky", "initial-progression"], initial.Children.Select(c => c.Id));
        Assert.Equal(["initial-progression-ssa", "initial-progression-lanreotide"], initial.Children[3].Children.Select(c => c.Id));
        // No therapy history documented: "prior lanreotide" is unknown, not Not met (absent facts never deny).
        Assert.Equal(CriterionOutcome.Unknown, initial.Children[3].Children[1].Outcome);
        Assert.Equal(CriterionOutcome.Met, initial.Children[3].Outcome);
        var diagnosis = initial.Children[0];
        Assert.Equal(["C7A.010", "C7B.02"], diagnosis.Evidence.Select(f => f.Value));
        Assert.Equal("Met — Well-differentiated GEP-NET (Test Payer TP 1.0, I. Initial Treatment, criterion 1): diagnosis = C7A.010 from Condition/net, C7B.02 from Condition/mets.", diagnosis.Reason);
    }

    [Fact]
    public void ANotMetCriterion_IsDeniedCitingItAndTheEvidenceItRead()
    {
        var d = Decide(Replacing(F("karnofsky", 50, "Observation/kps-1")));
        Assert.Equal(ReviewAction.Denied, d.Action);
        Assert.Null(d.Authorization);
        Assert.Contains("\nNot met — Karnofsky Performance Status score of 60 or greater (Test Payer TP 1.0, I. Initial Treatment, criterion 3): karnofsky = 50 from Observation/kps-1.", d.Summary);
        Assert.StartsWith("Denied — the request meets no pathway of Test Payer TP 1.0", d.Summary);
        // Only criteria that failed are cited, and the pathway that does not apply is not.
        Assert.DoesNotContain("Met — Well-differentiated", d.Summary);
        Assert.DoesNotContain("Continuation", d.Summary);
    }

    [Fact]
    public void EveryNotMetCriterionIsCited()
    {
        // A therapy history without lanreotide: "prior lanreotide" is then Not met rather than unknown.
        var d = Decide(Replacing(F("karnofsky", 50), F("sstrImaging", "negative"), F("progressionOnSsa", false),
            F("priorTherapy", "octreotide-lar", "MedicationStatement/ms1")));
        Assert.Equal(ReviewAction.Denied, d.Action);
        Assert.Contains("Not met — Somatostatin receptor imaging is positive", d.Summary);
        Assert.Contains("Not met — Karnofsky", d.Summary);
        Assert.Contains("Not met — Progression while on a somatostatin analogue", d.Summary);
        Assert.Contains("Not met — Prior lanreotide", d.Summary);
    }

    [Fact]
    public void UndocumentedFact_PendsNamingTheDocumentationInTheRequestersWords()
    {
        var d = Decide(Approvable("karnofsky"));
        Assert.Equal(ReviewAction.Pended, d.Action);
        Assert.Equal(["Karnofsky performance status (0-100) (LOINC 89243-0)"], d.MissingDocumentation);
        Assert.Contains("Missing: Karnofsky performance status (0-100) (LOINC 89243-0).", d.Summary);
        Assert.Contains("\nUnknown — Karnofsky Performance Status score of 60 or greater (Test Payer TP 1.0, I. Initial Treatment, criterion 3): karnofsky not documented.", d.Summary);
    }

    [Fact]
    public void UnknownAndNotMet_DeniesRatherThanPends()
    {
        var d = Decide(Approvable("sstrImaging", "karnofsky").With(F("karnofsky", 40)));
        Assert.Equal(ReviewAction.Denied, d.Action);
        Assert.Contains("Not met — Karnofsky", d.Summary);
    }

    [Fact]
    public void MetExclusion_DeniesWhateverElseHolds()
    {
        var d = Decide(Replacing(F("age", 10, "Patient/p")));
        Assert.Equal(ReviewAction.Denied, d.Action);
        Assert.StartsWith("Denied — the policy excludes this request:\nExcluded — Age 11 or younger is investigational (Test Payer TP 1.0, Exclusions, item 1): age = 10 years from Patient/p.", d.Summary);
    }

    [Fact]
    public void UnknownExclusion_DoesNotPend()
    {
        var d = Decide(Approvable("age"));
        Assert.Equal(ReviewAction.Approved, d.Action);
        Assert.Equal(CriterionOutcome.Unknown, d.Criteria[0].Outcome);
    }

    [Fact]
    public void ContinuationPathway_ApprovesWithItsOwnDuration()
    {
        var d = Decide(Replacing(F("continuation", true), F("respondingToTherapy", true), F("dosesGiven", 2), F("dosesRequested", 2)));
        Assert.Equal(ReviewAction.Approved, d.Action);
        Assert.Contains("Continuation of therapy (Test Payer TP 1.0, II. Continuation) is met", d.Summary);
        Assert.Equal(new DateOnly(2026, 9, 14), d.Authorization!.End);
        Assert.StartsWith("Does not apply — Initial treatment", d.Criteria[1].Reason);
    }

    [Fact]
    public void ConflictingFact_PendsAndNamesTheConflict()
    {
        var qr = new Fact("karnofsky", 50, new FactSource(FactSourceKind.QuestionnaireAnswer, "QuestionnaireResponse/qr1#karnofsky"));
        var d = Decide(Approvable().With(qr));
        Assert.Equal(ReviewAction.Pended, d.Action);
        var conflict = Assert.Single(d.Conflicts);
        Assert.Equal("karnofsky", conflict.Name);
        Assert.Empty(d.MissingDocumentation);
        Assert.EndsWith("\nConflicting documentation: karnofsky conflicting: 80 from Observation/kps-1 vs 50 from QuestionnaireResponse/qr1#karnofsky.", d.Summary);
        Assert.Contains("Unknown — Karnofsky Performance Status score of 60 or greater (Test Payer TP 1.0, I. Initial Treatment, criterion 3): karnofsky conflicting", d.Summary);
    }

    [Fact]
    public void SameValueFromTwoSources_IsNoConflict()
    {
        var qr = new Fact("karnofsky", 80, new FactSource(FactSourceKind.QuestionnaireAnswer, "QuestionnaireResponse/qr1#karnofsky"));
        Assert.Equal(ReviewAction.Approved, Decide(Approvable().With(qr)).Action);
    }

    [Fact]
    public void QuestionnaireResponseOnlyEvidence_IsDecidedAndCitesTheAnswers()
    {
        var qr = Approvable();
        var answers = new EvidenceSet();
        foreach (var name in qr.Names)
            foreach (var fact in qr[name])
                answers.Add(fact with { Source = new FactSource(FactSourceKind.QuestionnaireAnswer, "QuestionnaireResponse/dtr#" + name) });
        var d = Decide(answers);
        Assert.Equal(ReviewAction.Approved, d.Action);
        Assert.EndsWith("karnofsky = 80 from QuestionnaireResponse/dtr#karnofsky.", d.Criteria[1].Children[2].Reason);
    }

    [Theory]
    [InlineData("payer", "payer")]
    [InlineData("drug", "drug")]
    [InlineData("serviceDate", "date of service")]
    public void RequestWithoutPayerDrugOrDate_Pends(string fact, string words)
    {
        var d = Decide(Approvable(fact));
        Assert.Equal(ReviewAction.Pended, d.Action);
        Assert.Null(d.PolicyUrl);
        Assert.StartsWith($"Pended — the request does not identify the {words}, so no policy can be selected", d.Summary);
        // No policy, no form: the payer answers (X12 CT), not the payer's documentation template.
        Assert.Equal(ReferralKind.ContactPayer, d.Referral?.Kind);
    }

    [Theory]
    [InlineData("2025-12-31")]
    [InlineData("2027-01-01")]
    public void NoPolicyInEffect_Pends(string date)
    {
        var d = Decide(Replacing(F("serviceDate", Date(date))));
        Assert.Equal(ReviewAction.Pended, d.Action);
        Assert.Equal($"Pended — no policy in effect for wellmark lutathera on {date}.", d.Summary);
        Assert.Empty(d.Criteria);
        Assert.Equal(ReferralKind.ContactPayer, d.Referral?.Kind);
    }

    [Fact]
    public void OtherPayer_HasNoPolicy()
    {
        var d = Decide(Replacing(F("payer", "centene")));
        Assert.Equal("Pended — no policy in effect for centene lutathera on 2026-03-15.", d.Summary);
        Assert.Equal(ReferralKind.ContactPayer, d.Referral?.Kind);
    }

    [Fact]
    public void SameRequest_GivesByteIdenticalText()
    {
        var a = Decide(Replacing(F("karnofsky", 50), F("sstrImaging", "negative")));
        var b = Decide(Replacing(F("karnofsky", 50), F("sstrImaging", "negative")));
        Assert.Equal(a.Summary, b.Summary);
        Assert.Equal(Flatten(a.Criteria), Flatten(b.Criteria));

        static IEnumerable<string> Flatten(IEnumerable<CriterionResult> results) =>
            results.SelectMany(r => Flatten(r.Children).Prepend(r.Reason)).ToList();
    }
}
