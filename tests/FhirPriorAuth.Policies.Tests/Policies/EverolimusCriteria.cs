using FhirPriorAuth.Policies.Decisions;
using static FhirPriorAuth.Policies.Decisions.CriterionOutcome;
using static FhirPriorAuth.Policies.Decisions.ReviewAction;

namespace FhirPriorAuth.Policies.Tests.Policies;

/// <summary>One fact changed on a qualifying request, and what that must do to one criterion and to the decision.</summary>
public sealed record CriterionCase(string Pathway, string Criterion, string Label, string Change, CriterionOutcome Outcome, ReviewAction Action)
{
    public override string ToString() => $"{Label} {Criterion}: {Pathway} with {Change} → {Outcome}, {Action}";

    /// <summary>Every case on every route, as theory rows.</summary>
    public static IEnumerable<TheoryDataRow<EvidenceRoute, string, string, string, string, CriterionOutcome, ReviewAction>> Rows(
        IEnumerable<CriterionCase> cases) =>
        from c in cases
        from route in Enum.GetValues<EvidenceRoute>()
        select new TheoryDataRow<EvidenceRoute, string, string, string, string, CriterionOutcome, ReviewAction>(
            route, c.Pathway, c.Criterion, c.Label, c.Change, c.Outcome, c.Action) { TestDisplayName = $"[{route}] {c}" };
}

/// <summary>The initial-approval criteria of CP.PHAR.63 section I, item by item.</summary>
public static class EverolimusCriteria
{
    private static CriterionCase C(string pathway, string criterion, string label, string change, CriterionOutcome outcome, ReviewAction action) =>
        new(pathway, criterion, label, change, outcome, action);

    public static IEnumerable<CriterionCase> BreastCancer =>
    [
        C("breast", "i-a-product", "I.A.1", "product=afinitor-disperz;genericNotSuitable=true", Met, Approved),
        C("breast", "i-a-product", "I.A.1", "product=zortress;genericNotSuitable=true", NotMet, Denied),
        C("breast", "i-a-diagnosis-breast", "I.A.2", "diagnosis=C50.412", Met, Approved),
        // Carcinoma in situ is no diagnosis this policy addresses: off-label review, not a denial.
        C("breast", "i-a-diagnosis-breast", "I.A.2", "diagnosis=D05.11", NotMet, Pended),
        C("breast", "i-a-diagnosis-breast", "I.A.2", "-diagnosis", Unknown, Pended),
        C("breast", "i-a-diagnosis-extent", "I.A.2", "-metastatic;recurrent=true", Met, Approved),
        // cM0 alone does not rule out a recurrence: the extent is undocumented, not failed.
        C("breast", "i-a-diagnosis-extent", "I.A.2", "metastatic=false", Unknown, Pended),
        C("breast", "i-a-diagnosis-extent", "I.A.2", "metastatic=false;recurrent=false", NotMet, Denied),
        C("breast", "i-a-diagnosis-extent", "I.A.2", "-metastatic", Unknown, Pended),
        C("breast", "i-a-prescriber", "I.A.3", "prescriberSpecialty=207RH0003X", Met, Approved),
        // "Or in consultation with": another specialty is unknown until the consultation is documented either way.
        C("breast", "i-a-prescriber", "I.A.3", "prescriberSpecialty=207Q00000X", Unknown, Pended),
        C("breast", "i-a-prescriber", "I.A.3", "prescriberSpecialty=207Q00000X;specialistConsulted=false", NotMet, Denied),
        C("breast", "i-a-prescriber", "I.A.3", "prescriberSpecialty=207Q00000X;specialistConsulted=true", Met, Approved),
        C("breast", "i-a-prescriber", "I.A.3", "prescriberSpecialty=207Q00000X;consultingSpecialty=207RH0003X", Met, Approved),
        C("breast", "i-a-prescriber", "I.A.3", "-prescriberSpecialty", Unknown, Pended),
        C("breast", "i-a-age", "I.A.4", "age=18", Met, Approved),
        // An age the indication does not list is an unlisted use: off-label review (I.I.2), not a denial.
        C("breast", "i-a-age", "I.A.4", "age=17", NotMet, Pended),
        C("breast", "i-a-age", "I.A.4", "-age", Unknown, Pended),
        C("breast", "i-a-receptor-status", "I.A.5", "her2Status=positive", NotMet, Denied),
        C("breast", "i-a-receptor-status", "I.A.5", "hormoneReceptorStatus=negative", NotMet, Denied),
        C("breast", "i-a-receptor-status", "I.A.5", "-her2Status", Unknown, Pended),
        C("breast", "i-a-endocrine-therapy", "I.A.6", "-priorTherapy;failedTherapy=anastrozole", Met, Approved),
        C("breast", "i-a-endocrine-therapy", "I.A.6", "-priorTherapy;therapyContraindicated=tamoxifen", Met, Approved),
        C("breast", "i-a-endocrine-therapy", "I.A.6", "priorTherapy=sunitinib", NotMet, Denied),
        // Two years of current tamoxifen is endocrine history; a partner begun with everolimus is not.
        C("breast", "i-a-endocrine-therapy", "I.A.6", "-priorTherapy;currentTherapy=tamoxifen;therapyHistory=tamoxifen", Met, Approved),
        C("breast", "i-a-endocrine-therapy", "I.A.6", "-priorTherapy;currentTherapy=exemestane", Unknown, Pended),
        // A course stopped without a reason is still history.
        C("breast", "i-a-endocrine-therapy", "I.A.6", "-priorTherapy;therapyStopReasonUndocumented=letrozole", Met, Approved),
        // Appendix B names more endocrine therapies than the five of the old reading.
        C("breast", "i-a-endocrine-therapy", "I.A.6", "priorTherapy=toremifene", Met, Approved),
        C("breast", "i-a-endocrine-therapy", "I.A.6", "priorTherapy=megestrol", Met, Approved),
        C("breast", "i-a-endocrine-therapy", "I.A.6", "priorTherapy=fluoxymesterone", Met, Approved),
        C("breast", "i-a-endocrine-therapy", "I.A.6", "priorTherapy=ethinyl-estradiol", Met, Approved),
        C("breast", "i-a-endocrine-therapy", "I.A.6", "-priorTherapy", Unknown, Pended),
        C("breast", "i-a-combination", "I.A.8", "currentTherapy=fulvestrant", Met, Approved),
        C("breast", "i-a-combination", "I.A.8", "currentTherapy=tamoxifen", Met, Approved),
        // The partner may simply not be ordered yet: unknown until the prescriber says it is not part of the regimen.
        C("breast", "i-a-combination", "I.A.8", "currentTherapy=anastrozole", Unknown, Pended),
        C("breast", "i-a-combination", "I.A.8", "currentTherapy=anastrozole;partnerOrdered=false", NotMet, Denied),
        C("breast", "i-a-combination", "I.A.8", "currentTherapy=anastrozole;partnerOrdered=true", Met, Approved),
        C("breast", "i-a-combination", "I.A.8", "-currentTherapy", Unknown, Pended),
        C("breast", "i-a-dose", "I.A.9", "dailyDoseMg=20", Met, Approved),
        // Above the listed dose without literature: pend for the evidence (off-label review), not a denial.
        C("breast", "i-a-dose", "I.A.9", "dailyDoseMg=30", Unknown, Pended),
        C("breast", "i-a-dose", "I.A.9", "dailyDoseMg=30;offLabelDoseSupported=true", Met, Approved),
        C("breast", "i-a-dose", "I.A.9", "dailyDoseMg=30;offLabelDoseSupported=false", NotMet, Denied),
        C("breast", "i-a-dose", "I.A.9", "-dailyDoseMg", Unknown, Pended),
        C("breast", "i-a-dose-afinitor-tablets", "I.A.9.a.ii", "product=afinitor;genericNotSuitable=true;tabletsPerDay=2", Met, Approved),
        // Too many tablets is dispensed as fewer, larger ones (A6), never denied.
        C("breast", "i-a-dose-afinitor-tablets", "I.A.9.a.ii", "product=afinitor;genericNotSuitable=true;tabletsPerDay=3;dailyDoseMg=7.5", NotMet, Modified),
        C("breast", "i-a-dose-afinitor-tablets", "I.A.9.a.ii", "product=afinitor;genericNotSuitable=true;tabletsPerDay=4;dailyDoseMg=10", NotMet, Modified),
        C("breast", "i-a-dose-afinitor-tablets", "I.A.9.a.ii", "tabletsPerDay=4;dailyDoseMg=10", Met, Approved),
        C("breast", "i-a-dose-disperz-tablets", "I.A.9.a.iii", "product=afinitor-disperz;genericNotSuitable=true;tabletsPerDay=4", Met, Approved),
        C("breast", "i-a-dose-disperz-tablets", "I.A.9.a.iii", "product=afinitor-disperz;genericNotSuitable=true;tabletsPerDay=5", NotMet, Modified),
    ];

    public static IEnumerable<CriterionCase> NeuroendocrineTumor =>
    [
        C("net", "i-b-product", "I.B.1", "product=zortress;genericNotSuitable=true", NotMet, Denied),
        C("net", "i-b-diagnosis", "I.B.2", "diagnosis=C7A.012", Met, Approved),
        C("net", "i-b-diagnosis", "I.B.2", "diagnosis=C7A.090", Met, Approved),
        C("net", "i-b-diagnosis", "I.B.2", "diagnosis=C7A.091", Met, Approved),
        C("net", "i-b-diagnosis", "I.B.2", "diagnosis=C7A.00", NotMet, Pended),
        C("net", "i-b-diagnosis", "I.B.2", "-diagnosis", Unknown, Pended),
        C("net", "i-b-extent", "I.B.3", "resectability=locally-advanced", Met, Approved),
        C("net", "i-b-extent", "I.B.3", "-resectability;metastatic=true", Met, Approved),
        C("net", "i-b-extent", "I.B.3", "resectability=resectable", NotMet, Denied),
        C("net", "i-b-extent", "I.B.3", "-resectability;metastatic=false", Unknown, Pended),
        C("net", "i-b-extent", "I.B.3", "-resectability", Unknown, Pended),
        C("net", "i-b-prescriber", "I.B.4", "prescriberSpecialty=207RN0300X", Unknown, Pended),
        C("net", "i-b-prescriber", "I.B.4", "prescriberSpecialty=207RN0300X;specialistConsulted=false", NotMet, Denied),
        C("net", "i-b-age", "I.B.5", "age=17", NotMet, Pended),
        C("net", "i-b-dose", "I.B.7", "dailyDoseMg=25", Unknown, Pended),
        C("net", "i-b-dose", "I.B.7", "dailyDoseMg=25;offLabelDoseSupported=false", NotMet, Denied),
        C("net", "i-b-dose", "I.B.7", "dailyDoseMg=25;offLabelDoseSupported=true", Met, Approved),
    ];

    public static IEnumerable<CriterionCase> RenalCellCarcinoma =>
    [
        C("rcc", "i-c-product", "I.C.1", "product=zortress;genericNotSuitable=true", NotMet, Denied),
        C("rcc", "i-c-diagnosis-rcc", "I.C.2", "diagnosis=C65.1", NotMet, Pended),
        C("rcc", "i-c-diagnosis-extent", "I.C.2", "metastatic=false;recurrent=true", Met, Approved),
        C("rcc", "i-c-diagnosis-extent", "I.C.2", "metastatic=false;resectability=unresectable", Met, Approved),
        C("rcc", "i-c-diagnosis-extent", "I.C.2", "metastatic=false", Unknown, Pended),
        C("rcc", "i-c-diagnosis-extent", "I.C.2", "metastatic=false;recurrent=false;resectability=resectable", NotMet, Denied),
        C("rcc", "i-c-diagnosis-extent", "I.C.2", "-metastatic", Unknown, Pended),
        C("rcc", "i-c-prescriber", "I.C.3", "prescriberSpecialty=2084N0400X", Unknown, Pended),
        C("rcc", "i-c-prescriber", "I.C.3", "prescriberSpecialty=2084N0400X;consultingSpecialty=207RX0202X", Met, Approved),
        C("rcc", "i-c-age", "I.C.4", "age=17", NotMet, Pended),
        C("rcc", "i-c-prior-therapy", "I.C.6", "rccHistology=non-clear-cell;-failedTherapy", Met, Approved),
        C("rcc", "i-c-prior-therapy", "I.C.6", "-failedTherapy;therapyContraindicated=pazopanib", Met, Approved),
        // Sunitinib received, why it stopped not documented: ask, do not deny.
        C("rcc", "i-c-prior-therapy", "I.C.6", "-failedTherapy;priorTherapy=sunitinib", Unknown, Pended),
        C("rcc", "i-c-prior-therapy", "I.C.6", "-failedTherapy;therapyStopReasonUndocumented=pazopanib", Unknown, Pended),
        C("rcc", "i-c-prior-therapy", "I.C.6", "-failedTherapy;priorTherapy=sunitinib;therapyStoppedOtherReason=sunitinib", NotMet, Denied),
        C("rcc", "i-c-prior-therapy", "I.C.6", "-failedTherapy;priorTherapy=letrozole", NotMet, Denied),
        // Every Appendix B therapy counts.
        C("rcc", "i-c-prior-therapy", "I.C.6", "failedTherapy=temsirolimus", Met, Approved),
        C("rcc", "i-c-prior-therapy", "I.C.6", "failedTherapy=lenvatinib", Met, Approved),
        C("rcc", "i-c-prior-therapy", "I.C.6", "failedTherapy=aldesleukin", Met, Approved),
        C("rcc", "i-c-prior-therapy", "I.C.6", "failedTherapy=erlotinib", Met, Approved),
        C("rcc", "i-c-prior-therapy", "I.C.6", "failedTherapy=ipilimumab", Met, Approved),
        C("rcc", "i-c-prior-therapy", "I.C.6", "-failedTherapy", Unknown, Pended),
        C("rcc", "i-c-dose", "I.C.7", "dailyDoseMg=25", Unknown, Pended),
    ];

    public static IEnumerable<CriterionCase> RenalAngiomyolipoma =>
    [
        C("aml", "i-d-product", "I.D.1", "product=zortress;genericNotSuitable=true", NotMet, Denied),
        // Without TSC, a renal angiomyolipoma may still be I.H.2.a.ii's recurrent angiomyolipoma: recurrence decides.
        C("aml", "i-d-diagnosis-tsc", "I.D.2", "diagnosis=D30.01", NotMet, Pended),
        C("aml", "i-d-diagnosis-tsc", "I.D.2", "diagnosis=D30.01;recurrent=false", NotMet, Denied),
        C("aml", "i-d-diagnosis-aml", "I.D.2", "diagnosis=Q85.1|D17.71", Met, Approved),
        C("aml", "i-d-diagnosis-aml", "I.D.2", "diagnosis=Q85.1", NotMet, Pended),
        C("aml", "i-d-no-immediate-surgery", "I.D.2", "immediateSurgeryRequired=true", NotMet, Pended),
        C("aml", "i-d-no-immediate-surgery", "I.D.2", "immediateSurgeryRequired=true;recurrent=false", NotMet, Denied),
        C("aml", "i-d-no-immediate-surgery", "I.D.2", "-immediateSurgeryRequired", Unknown, Pended),
        C("aml", "i-d-prescriber", "I.D.3", "prescriberSpecialty=207RN0300X", Unknown, Pended),
        C("aml", "i-d-age", "I.D.4", "age=17", NotMet, Pended),
        C("aml", "i-d-dose", "I.D.6", "dailyDoseMg=25", Unknown, Pended),
    ];

    public static IEnumerable<CriterionCase> Sega =>
    [
        C("sega", "i-e-product", "I.E.1", "product=zortress;genericNotSuitable=true", NotMet, Denied),
        C("sega", "i-e-diagnosis-sega", "I.E.2", "diagnosis=Q85.1|D33.1", Met, Approved),
        C("sega", "i-e-diagnosis-sega", "I.E.2", "diagnosis=Q85.1", NotMet, Pended),
        C("sega", "i-e-diagnosis-tsc", "I.E.2", "diagnosis=D43.1", NotMet, Pended),
        C("sega", "i-e-prescriber", "I.E.3", "prescriberSpecialty=2084N0402X", Unknown, Pended),
        C("sega", "i-e-prescriber", "I.E.3", "prescriberSpecialty=2084N0402X;specialistConsulted=false", NotMet, Denied),
        C("sega", "i-e-age", "I.E.4", "age=1", Met, Approved),
        C("sega", "i-e-age", "I.E.4", "age=0", NotMet, Pended),
        // SEGA dosing follows trough levels: the policy sets no mg limit, so a high dose is still approved.
        C("sega", "i-e", "I.E", "dailyDoseMg=30;tabletsPerDay=6", Met, Approved),
    ];

    public static IEnumerable<CriterionCase> TscSeizures =>
    [
        C("seizures", "i-f-product", "I.F.1", "product=afinitor-disperz;genericNotSuitable=true", Met, Approved),
        C("seizures", "i-f-product", "I.F.1", "product=afinitor;genericNotSuitable=true", NotMet, Denied),
        // Generic regular tablets are not Afinitor Disperz: only its generics, tablets for oral suspension, are.
        C("seizures", "i-f-product", "I.F.1", "dosageForm=tablet", NotMet, Denied),
        C("seizures", "i-f-diagnosis-seizures", "I.F.2", "diagnosis=Q85.1|G40.209", Met, Approved),
        C("seizures", "i-f-diagnosis-seizures", "I.F.2", "diagnosis=Q85.1|G40.909", NotMet, Pended),
        C("seizures", "i-f-prescriber", "I.F.3", "prescriberSpecialty=207RX0202X", Met, Approved),
        C("seizures", "i-f-prescriber", "I.F.3", "prescriberSpecialty=2084N0400X", Met, Approved),
        // NUCC neurology sub-specialties are neurologists.
        C("seizures", "i-f-prescriber", "I.F.3", "prescriberSpecialty=2084E0001X", Met, Approved),
        C("seizures", "i-f-prescriber", "I.F.3", "prescriberSpecialty=2084N0600X", Met, Approved),
        C("seizures", "i-f-prescriber", "I.F.3", "prescriberSpecialty=207Q00000X", Unknown, Pended),
        C("seizures", "i-f-prescriber", "I.F.3", "prescriberSpecialty=207Q00000X;consultingSpecialty=2084E0001X", Met, Approved),
        C("seizures", "i-f-prescriber", "I.F.3", "prescriberSpecialty=207Q00000X;specialistConsulted=false", NotMet, Denied),
        C("seizures", "i-f-age", "I.F.4", "age=2", Met, Approved),
        C("seizures", "i-f-age", "I.F.4", "age=1", NotMet, Pended),
        C("seizures", "i-f-adjunctive", "I.F.5", "adjunctiveTherapy=false", NotMet, Denied),
        C("seizures", "i-f-adjunctive", "I.F.5", "-adjunctiveTherapy", Unknown, Pended),
    ];

    public static IEnumerable<CriterionCase> OrganRejection =>
    [
        C("transplant", "i-g-product", "I.G.1", "product=zortress;genericNotSuitable=true", Met, Approved),
        C("transplant", "i-g-product", "I.G.1", "product=afinitor;genericNotSuitable=true", NotMet, Denied),
        // Heart transplant (Appendix D) is not addressed here: off-label review.
        C("transplant", "i-g-transplant", "I.G.2", "diagnosis=Z94.1;transplant=other", NotMet, Pended),
        C("transplant", "i-g-transplant", "I.G.2", "-diagnosis;-transplant", Unknown, Pended),
        C("transplant", "i-g-prescriber", "I.G.3", "prescriberSpecialty=207RT0003X", Met, Approved),
        C("transplant", "i-g-prescriber", "I.G.3", "prescriberSpecialty=204F00000X", Met, Approved),
        C("transplant", "i-g-prescriber", "I.G.3", "prescriberSpecialty=207RX0202X", Unknown, Pended),
        C("transplant", "i-g-prescriber", "I.G.3", "prescriberSpecialty=207RX0202X;specialistConsulted=false", NotMet, Denied),
        C("transplant", "i-g-prescriber", "I.G.3", "prescriberSpecialty=207RX0202X;consultingSpecialty=207RN0300X", Met, Approved),
        C("transplant", "i-g-age", "I.G.4", "age=17", NotMet, Pended),
        C("transplant", "i-g-tacrolimus", "I.G.5", "-failedTherapy;therapyContraindicated=tacrolimus", Met, Approved),
        // Tacrolimus taken, why it stopped (or whether it fails now) not documented: ask, do not deny.
        C("transplant", "i-g-tacrolimus", "I.G.5", "-failedTherapy;priorTherapy=tacrolimus", Unknown, Pended),
        C("transplant", "i-g-tacrolimus", "I.G.5", "-failedTherapy;therapyStopReasonUndocumented=tacrolimus", Unknown, Pended),
        C("transplant", "i-g-tacrolimus", "I.G.5", "-failedTherapy;currentTherapy=basiliximab|cyclosporine|corticosteroid|tacrolimus;therapyHistory=tacrolimus", Unknown, Pended),
        C("transplant", "i-g-tacrolimus", "I.G.5", "-failedTherapy;priorTherapy=tacrolimus;therapyStoppedOtherReason=tacrolimus", NotMet, Denied),
        C("transplant", "i-g-tacrolimus", "I.G.5", "-failedTherapy", Unknown, Pended),
        // A liver graft needs no tacrolimus failure, and takes everolimus with tacrolimus.
        C("transplant", "i-g-tacrolimus", "I.G.5", "diagnosis=Z94.4;transplant=liver;-failedTherapy;currentTherapy=tacrolimus|corticosteroid", Met, Approved),
        C("transplant", "i-g-combination", "I.G.7", "currentTherapy=cyclosporine|corticosteroid", Unknown, Pended),
        C("transplant", "i-g-combination", "I.G.7", "currentTherapy=cyclosporine|corticosteroid;partnerOrdered=false", NotMet, Denied),
        C("transplant", "i-g-combination", "I.G.7", "-currentTherapy", Unknown, Pended),
    ];

    public static IEnumerable<CriterionCase> NccnCompendium =>
    [
        C("endometrial", "i-h-product", "I.H.1", "product=zortress;genericNotSuitable=true", NotMet, Denied),
        C("endometrial", "i-h-endometrial", "I.H.2.b", "currentTherapy=exemestane", Unknown, Pended),
        C("endometrial", "i-h-endometrial", "I.H.2.b", "currentTherapy=exemestane;partnerOrdered=false", NotMet, Denied),
        C("endometrial", "i-h-single-agent", "I.H.2.a", "diagnosis=C81.10;-currentTherapy", Met, Approved),
        C("endometrial", "i-h-single-agent", "I.H.2.a", "diagnosis=C88.0;-currentTherapy", Met, Approved),
        C("endometrial", "i-h-single-agent", "I.H.2.a", "diagnosis=C37;-currentTherapy", Met, Approved),
        C("endometrial", "i-h-single-agent", "I.H.2.a", "diagnosis=J84.81;-currentTherapy", Met, Approved),
        C("endometrial", "i-h-single-agent", "I.H.2.a", "diagnosis=D17.71;recurrent=true;-currentTherapy", Met, Approved),
        C("endometrial", "i-h-single-agent", "I.H.2.a", "diagnosis=D17.71;-currentTherapy", Unknown, Pended),
        C("endometrial", "i-h-single-agent", "I.H.2.a", "diagnosis=D17.71;recurrent=false;-currentTherapy", NotMet, Denied),
        C("endometrial", "i-h-single-agent", "I.H.2.a", "diagnosis=C96.5;-currentTherapy", Met, Approved),
        C("endometrial", "i-h-single-agent", "I.H.2.a", "diagnosis=C81.10;currentTherapy=bevacizumab", NotMet, Denied),
        // Progression after all four: documented by a failure (or a worsened status); four courses without a reason pend.
        C("endometrial", "i-h-gist", "I.H.2.c", "diagnosis=C49.A2;currentTherapy=imatinib;priorTherapy=imatinib|sunitinib|regorafenib;failedTherapy=ripretinib", Met, Approved),
        C("endometrial", "i-h-gist", "I.H.2.c", "diagnosis=C49.A2;currentTherapy=imatinib;priorTherapy=imatinib|sunitinib|regorafenib|ripretinib", Unknown, Pended),
        C("endometrial", "i-h-gist", "I.H.2.c", "diagnosis=C49.A2;currentTherapy=imatinib;priorTherapy=imatinib|sunitinib|regorafenib;therapyStopReasonUndocumented=ripretinib", Unknown, Pended),
        C("endometrial", "i-h-gist", "I.H.2.c", "diagnosis=C49.A2;currentTherapy=imatinib;priorTherapy=imatinib|sunitinib|regorafenib", NotMet, Denied),
        // C73 covers medullary and anaplastic carcinoma too: the histology decides.
        C("endometrial", "i-h-thyroid", "I.H.2.d", "diagnosis=C73;thyroidHistology=differentiated;-currentTherapy", Met, Approved),
        C("endometrial", "i-h-thyroid", "I.H.2.d", "diagnosis=C73;-currentTherapy", Unknown, Pended),
        C("endometrial", "i-h-thyroid", "I.H.2.d", "diagnosis=C73;thyroidHistology=medullary;-currentTherapy", NotMet, Pended),
        C("endometrial", "i-h-osteosarcoma", "I.H.2.e", "diagnosis=C41.9;currentTherapy=sorafenib", Met, Approved),
        C("endometrial", "i-h-osteosarcoma", "I.H.2.e", "diagnosis=C41.9;currentTherapy=letrozole", Unknown, Pended),
        C("endometrial", "i-h-osteosarcoma", "I.H.2.e", "diagnosis=C41.9;currentTherapy=letrozole;partnerOrdered=false", NotMet, Denied),
        C("endometrial", "i-h-meningioma", "I.H.2.f", "diagnosis=D32.0;currentTherapy=octreotide-lar", Met, Approved),
        C("endometrial", "i-h-meningioma", "I.H.2.f", "diagnosis=C70.0;currentTherapy=bevacizumab", Met, Approved),
        C("endometrial", "i-h-meningioma", "I.H.2.f", "diagnosis=D32.0;currentTherapy=letrozole", Unknown, Pended),
        C("endometrial", "i-h-meningioma", "I.H.2.f", "diagnosis=D32.0;currentTherapy=letrozole;partnerOrdered=false", NotMet, Denied),
        C("endometrial", "i-h-prescriber", "I.H.3", "prescriberSpecialty=207VX0201X", Met, Approved),
        C("endometrial", "i-h-prescriber", "I.H.3", "prescriberSpecialty=207Q00000X", Unknown, Pended),
        C("endometrial", "i-h-prescriber", "I.H.3", "prescriberSpecialty=207Q00000X;specialistConsulted=false", NotMet, Denied),
        C("endometrial", "i-h-age", "I.H.4", "age=17", NotMet, Pended),
        C("endometrial", "i-h-dose", "I.H.6", "dailyDoseMg=25", Unknown, Pended),
        C("endometrial", "i-h-dose", "I.H.6", "dailyDoseMg=25;offLabelDoseSupported=false", NotMet, Denied),
        C("endometrial", "i-h-dose", "I.H.6", "dailyDoseMg=25;offLabelDoseSupported=true", Met, Approved),
    ];

    public static IEnumerable<CriterionCase> ContinuedTherapy =>
    [
        C("continuation", "ii-a-receiving", "II.A.1", "receivingDrugDays=30", Met, Approved),
        C("continuation", "ii-a-receiving", "II.A.1", "receivingDrugDays=20;receivingViaPayerBenefit=true", Met, Approved),
        // Under 30 days, the Centene benefit undocumented: ask (a new member on samples is reviewed as initial instead).
        C("continuation", "ii-a-receiving", "II.A.1", "receivingDrugDays=20", Unknown, Pended),
        C("continuation", "ii-a-receiving", "II.A.1", "-receivingDrugDays", Unknown, Pended),
        C("continuation", "ii-a-covered-indication", "II.A.1", "diagnosis=D05.11", NotMet, Pended),
        C("continuation", "ii-a-covered-indication", "II.A.1", "diagnosis=Q85.1|G40.109", Met, Approved),
        C("continuation", "ii-a-covered-indication", "II.A.1", "diagnosis=C73;thyroidHistology=medullary", NotMet, Pended),
        // HER2-positive breast cancer is no indication of section I, whichever branch of II.A.1 is met.
        C("continuation", "ii-a-section-i-indication", "II.A", "her2Status=positive", NotMet, Denied),
        C("continuation", "ii-a-section-i-indication", "II.A", "her2Status=positive;receivingViaPayerBenefit=true", NotMet, Denied),
        C("continuation", "ii-a-section-i-indication", "II.A", "hormoneReceptorStatus=negative", NotMet, Denied),
        C("continuation", "ii-a-responding", "II.A.2", "respondingToTherapy=false", NotMet, Denied),
        C("continuation", "ii-a-responding", "II.A.2", "-respondingToTherapy", Unknown, Pended),
        C("continuation", "ii-a-dose", "II.A.4", "doseIncrease=true;dailyDoseMg=20", Met, Approved),
        C("continuation", "ii-a-dose", "II.A.4", "doseIncrease=true;dailyDoseMg=25", Unknown, Pended),
        C("continuation", "ii-a-dose", "II.A.4", "doseIncrease=true;dailyDoseMg=25;offLabelDoseSupported=false", NotMet, Denied),
        C("continuation", "ii-a-dose", "II.A.4", "doseIncrease=true;dailyDoseMg=25;offLabelDoseSupported=true", Met, Approved),
        C("continuation", "ii-a-dose", "II.A.4", "doseIncrease=false;dailyDoseMg=25", Met, Approved),
        C("continuation", "ii-a-dose", "II.A.4", "doseIncrease=true;dailyDoseMg=25;diagnosis=Q85.1|D43.1", Met, Approved),
        C("continuation", "ii-a-dose", "II.A.4", "doseIncrease=true;dailyDoseMg=25;diagnosis=Z94.0;transplant=kidney", Met, Approved),
    ];
}
