namespace FhirPriorAuth.Policies.Evidence;

/// <summary>
/// Every fact the three policies ask about, with its type and how requests code it (shared/clinical-evidence.md is
/// the contract). Policies (PlanDefinition conditions), DTR Questionnaires (item.code) and the evidence extractors
/// all speak these names; the policy loader refuses an artifact that names a fact not listed here.
/// </summary>
public static class FactCatalog
{
    public const string PaEvidence = "http://fhirpriorauth.example.org/fhir/CodeSystem/pa-evidence";
    public const string Loinc = "http://loinc.org";

    private static FactCoding Evidence(string code) => new(PaEvidence, code);
    private static FactCoding LoincCode(string code) => new(Loinc, code);

    /// <summary>Drug and therapy names used by <c>priorTherapy</c>, <c>currentTherapy</c> and <c>failedTherapy</c>.</summary>
    public static readonly IReadOnlyList<string> TherapyAgents =
    [
        "octreotide-lar", "octreotide", "lanreotide", "telotristat", "lutathera", "everolimus",
        "letrozole", "anastrozole", "exemestane", "fulvestrant", "tamoxifen",
        "sunitinib", "sorafenib", "cabozantinib", "nivolumab", "axitinib", "pazopanib",
        "tacrolimus", "cyclosporine", "basiliximab", "corticosteroid",
        "imatinib", "regorafenib", "ripretinib", "bevacizumab",
        // Centene CP.PHAR.63 Appendix B agents not named above.
        "toremifene", "megestrol", "fluoxymesterone", "ethinyl-estradiol",
        "ipilimumab", "aldesleukin", "temsirolimus", "lenvatinib", "erlotinib",
    ];

    public static IReadOnlyList<FactDefinition> All { get; } =
    [
        // The request and the coverage.
        new("payer", FactKind.Code, false, "The payer, as its Organization.identifier (payer-id system) names it", AllowedCodes: ["capital-blue-cross", "wellmark", "centene"]),
        new("lineOfBusiness", FactKind.Code, false, "Line of business from Coverage.type (SOPT) and the plan class", AllowedCodes: ["medicare", "medicaid", "commercial", "marketplace", "other"]),
        new("serviceDate", FactKind.Date, false, "Date of service: Claim.item.serviced[x], else Claim.created (CRD: the order's date)"),
        new("certificationType", FactKind.Code, false, "X12 1322 certification type of the request", AllowedCodes: ["initial", "renewal", "revised", "extension"]),
        new("continuation", FactKind.Boolean, false, "The request continues therapy already under way (renewal/extension, or prior doses of the drug)"),
        new("drug", FactKind.Code, false, "The drug requested", AllowedCodes: ["lutathera", "everolimus"]),
        new("product", FactKind.Code, false, "The product requested", AllowedCodes: ["lutathera", "afinitor", "afinitor-disperz", "zortress", "everolimus-generic"]),
        new("brandRequested", FactKind.Boolean, false, "A brand product (Novartis labeler 0078 NDC or brand RxNorm) is requested"),
        new("benefit", FactKind.Code, false, "How the line is billed", AllowedCodes: ["medical", "pharmacy"]),
        new("dosesRequested", FactKind.Integer, false, "Lutathera doses requested: Claim.item.quantity / 200 mCi, or the order's dose count"),
        new("dosesGiven", FactKind.Integer, false, "Lutathera doses already administered (MedicationAdministration, MedicationStatement dose counts, the form's answer; de-duplicated by date)"),
        new("dosesGivenIncomplete", FactKind.Boolean, false, "A Lutathera course is documented without a dose count, so the doses already given are unknown"),
        new("priorPrrtCourse", FactKind.Boolean, false, "Lutathera (PRRT) given in an earlier course, before a gap of more than 24 weeks before the current one"),
        new("dailyDoseMg", FactKind.Decimal, false, "Everolimus daily dose from dosageInstruction", Unit: "mg/d"),
        new("tabletsPerDay", FactKind.Decimal, false, "Tablets per day from dosageInstruction and strength"),
        new("doseIncrease", FactKind.Boolean, false, "Continuation: the new daily dose exceeds the current one"),
        new("requestedDays", FactKind.Integer, false, "Length of the requested service period in days", Unit: "d"),
        new("prescriberSpecialty", FactKind.Code, true, "NUCC taxonomy codes of the prescriber (PractitionerRole.specialty)"),
        new("offLabelDoseSupported", FactKind.Boolean, false, "Prescriber submitted guideline or literature support for the dose", Codings: [Evidence("off-label-dose-supported")]),

        // The patient.
        new("age", FactKind.Integer, false, "Age in whole years on the date of service", Unit: "a"),
        new("sex", FactKind.Code, false, "Administrative gender", AllowedCodes: ["male", "female", "other", "unknown"]),
        new("diagnosis", FactKind.Code, true, "ICD-10-CM codes with their dots (C7A.010) from Condition and Claim.diagnosis"),
        new("metastatic", FactKind.Boolean, false, "Distant disease: a secondary-neoplasm code (C7B.*, C77-C79) or clinical M1 (LOINC 21907-1)", Codings: [LoincCode("21907-1")]),
        new("resectability", FactKind.Code, true, "Extent of disease", AllowedCodes: ["unresectable", "locally-advanced", "metastatic", "resectable"], Codings: [Evidence("resectability")]),
        new("recurrent", FactKind.Boolean, false, "Disease is recurrent or relapsed", Codings: [Evidence("recurrent")]),
        new("ki67", FactKind.Decimal, false, "Ki-67 proliferation index", Unit: "%", Codings: [LoincCode("29593-1")]),
        new("mitoticRate", FactKind.Decimal, false, "Mitoses per 10 high-power fields", Unit: "/10HPF", Codings: [Evidence("mitotic-rate")]),
        new("tumorNecrosis", FactKind.Boolean, false, "Tumor necrosis present", Codings: [Evidence("tumor-necrosis")]),
        new("sstrImaging", FactKind.Code, false, "Somatostatin receptor-based imaging result", AllowedCodes: ["positive", "negative"], Codings: [Evidence("sstr-imaging")]),
        new("progression", FactKind.Code, false, "Latest disease status (LOINC 97509-4)", AllowedCodes: ["worsened", "stable", "improved"], Codings: [LoincCode("97509-4")]),
        new("progressionDate", FactKind.Date, false, "Date of the latest documented progression (worsened)"),
        new("progressionOnSsa", FactKind.Boolean, false, "Progression documented while on octreotide LAR or lanreotide"),
        new("respondingToTherapy", FactKind.Boolean, false, "Latest disease status is stable or improved on the requested drug"),
        new("tumorBurdenSignificant", FactKind.Boolean, false, "Clinically significant tumor burden", Codings: [Evidence("tumor-burden-significant")]),
        new("carcinoidSyndromeUncontrolled", FactKind.Boolean, false, "Poorly controlled carcinoid syndrome", Codings: [Evidence("carcinoid-syndrome-uncontrolled")]),
        new("lineOfTherapy", FactKind.Code, false, "The requested drug is first-line (primary) or subsequent therapy", AllowedCodes: ["first-line", "subsequent"], Codings: [Evidence("line-of-therapy")]),
        new("priorTherapy", FactKind.Code, true, "Agents the patient has received (see TherapyAgents)"),
        new("currentTherapy", FactKind.Code, true, "Agents the patient is receiving now or will receive with the requested drug (see TherapyAgents)"),
        new("failedTherapy", FactKind.Code, true, "Agents stopped for failure, progression or intolerance (see TherapyAgents)"),
        new("therapyContraindicated", FactKind.Code, true, "Agents contraindicated for the patient (see TherapyAgents)", Codings: [Evidence("therapy-contraindicated")]),
        new("longActingSsaWashoutDays", FactKind.Integer, false, "Days from the last long-acting somatostatin analogue (J2353, J1930) to the date of service", Unit: "d"),
        new("shortActingSsaWashoutHours", FactKind.Integer, false, "Hours from the last short-acting octreotide (J2354) to the date of service", Unit: "h"),
        new("receivingViaPayerBenefit", FactKind.Boolean, false, "The member currently receives the drug through this payer's benefit (Centene II.A.1)", Codings: [Evidence("receiving-via-payer-benefit")]),
        new("receivingDrugDays", FactKind.Integer, false, "Days the member has been receiving the requested drug", Unit: "d"),
        new("karnofsky", FactKind.Integer, false, "Karnofsky performance status (0-100)", Codings: [LoincCode("89243-0")]),
        new("creatinineClearance", FactKind.Decimal, false, "Creatinine clearance; Cockcroft-Gault from creatinine, weight, age and sex when not given", Unit: "mL/min", Codings: [LoincCode("35591-7")]),
        new("serumCreatinine", FactKind.Decimal, false, "Latest serum creatinine (an input of Cockcroft-Gault)", Unit: "mg/dL", Codings: [LoincCode("2160-0")]),
        new("bodyWeight", FactKind.Decimal, false, "Latest body weight (an input of Cockcroft-Gault)", Unit: "kg", Codings: [LoincCode("29463-7")]),
        new("plateletGrade", FactKind.Integer, false, "CTCAE v5 thrombocytopenia grade of the latest platelet count (0 when normal)"),
        new("anemiaGrade", FactKind.Integer, false, "CTCAE v5 anemia grade of the latest hemoglobin (0 when normal)"),
        new("neutropeniaGrade", FactKind.Integer, false, "CTCAE v5 neutropenia grade of the latest ANC (0 when normal)"),
        new("thrombocytopeniaGrade2PlusCount", FactKind.Integer, false, "Platelet results at CTCAE grade 2 or worse since the first dose (2 or more is recurrent)"),
        new("anemiaGrade3PlusCount", FactKind.Integer, false, "Hemoglobin results at CTCAE grade 3 or worse since the first dose"),
        new("neutropeniaGrade3PlusCount", FactKind.Integer, false, "ANC results at CTCAE grade 3 or worse since the first dose"),
        new("hepatotoxicityCount", FactKind.Integer, false, "Episodes of hepatotoxicity as the policies define it (bilirubin > 3x ULN, or albumin < 30 g/L with prothrombin ratio < 70%)"),
        new("nonHematologicGrade3PlusCount", FactKind.Integer, false, "Non-hematologic toxicities of CTCAE grade 3 or worse", Codings: [Evidence("nonhematologic-toxicity")]),
        new("renalToxicityDelayWeeks", FactKind.Integer, false, "Weeks of treatment delay caused by renal toxicity", Unit: "wk", Codings: [Evidence("renal-toxicity-delay")]),
        new("adequateOrganFunction", FactKind.Boolean, false, "Treating physician attests adequate bone marrow, renal and hepatic function", Codings: [Evidence("adequate-organ-function")]),
        new("hormoneReceptorStatus", FactKind.Code, false, "Breast cancer hormone receptor status (ER or PR positive is positive)", AllowedCodes: ["positive", "negative"]),
        new("her2Status", FactKind.Code, false, "Breast cancer HER2 status", AllowedCodes: ["positive", "negative"]),
        new("rccHistology", FactKind.Code, false, "Renal cell carcinoma histology", AllowedCodes: ["clear-cell", "non-clear-cell"], Codings: [Evidence("rcc-histology")]),
        new("genericNotSuitable", FactKind.Boolean, false, "Generic everolimus contraindicated or not tolerated", Codings: [Evidence("generic-not-suitable")]),
        new("transplant", FactKind.Code, true, "Organ transplant received or scheduled (Z94.0 kidney, Z94.4 liver, or a scheduled procedure)", AllowedCodes: ["kidney", "liver", "other"], Codings: [Evidence("transplant")]),
        new("immediateSurgeryRequired", FactKind.Boolean, false, "Renal angiomyolipoma requires immediate surgery", Codings: [Evidence("immediate-surgery-required")]),
        new("adjunctiveTherapy", FactKind.Boolean, false, "The drug will be used as adjunctive therapy (TSC seizures)", Codings: [Evidence("adjunctive-therapy")]),

        // Therapy history and consultation, read as a medical director does (Centene CP.PHAR.63 readings).
        new("therapyHistory", FactKind.Code, true, "Agents received before this request: courses that ended, and courses under way that began more than 30 days before the date of service (see TherapyAgents)"),
        new("therapyStoppedOtherReason", FactKind.Code, true, "Agents stopped for a documented reason other than failure, progression or intolerance, e.g. a course completed (see TherapyAgents)", Codings: [Evidence("therapy-stopped-other-reason")]),
        new("therapyStopReasonUndocumented", FactKind.Code, true, "Agents whose course stopped without a documented reason (MedicationStatement stopped without statusReason; see TherapyAgents)"),
        new("consultingSpecialty", FactKind.Code, true, "NUCC taxonomy codes of specialists the prescriber consulted (Claim.careTeam members other than the prescriber)", Codings: [Evidence("consulting-specialty")]),
        new("specialistConsulted", FactKind.Boolean, false, "The prescriber consulted the specialist the policy names (oncologist, neurologist, transplant specialist...)", Codings: [Evidence("specialist-consulted")]),
        new("thyroidHistology", FactKind.Code, false, "Thyroid carcinoma histology", AllowedCodes: ["differentiated", "medullary", "anaplastic"], Codings: [Evidence("thyroid-histology")]),
        new("dosageForm", FactKind.Code, false, "Dosage form of the everolimus product requested: tablets, or tablets for oral suspension (Afinitor Disperz and its generics)", AllowedCodes: ["tablet", "tablet-for-suspension"], Codings: [Evidence("dosage-form")]),
        new("partnerOrdered", FactKind.Boolean, false, "The combination partner the policy names has been ordered or prescribed with the requested drug", Codings: [Evidence("combination-partner-ordered")]),
    ];

    private static readonly Dictionary<string, FactDefinition> ByName = All.ToDictionary(f => f.Name, StringComparer.Ordinal);

    public static FactDefinition? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The fact a coding identifies (an Observation.code or Questionnaire item.code), or null.</summary>
    public static FactDefinition? FindByCoding(string? system, string? code) =>
        system is null || code is null ? null
        : All.FirstOrDefault(f => f.Codings?.Any(c => c.System == system && c.Code == code) == true);
}
