namespace FhirPriorAuth.Policies.Evidence.Extraction;

/// <summary>Code systems and the code-to-fact-value maps of shared/clinical-evidence.md.</summary>
internal static class Codes
{
    public const string Snomed = "http://snomed.info/sct";
    public const string Icd10 = "http://hl7.org/fhir/sid/icd-10-cm";
    public const string Hcpcs = "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";
    public const string Ndc = "http://hl7.org/fhir/sid/ndc";
    public const string RxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";
    public const string Sopt = "https://nahdo.org/sopt";
    public const string Nucc = "http://nucc.org/provider-taxonomy";
    public const string PayerId = "http://fhirpriorauth.example.org/fhir/payer-id";
    public const string CoverageClass = "http://terminology.hl7.org/CodeSystem/coverage-class";
    public const string CertificationTypeUrl = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-certificationType";

    public const string Progression = "97509-4";
    public const string ClinicalM = "21907-1";
    public const string CreatinineClearance = "35591-7";
    public const string Creatinine = "2160-0";
    public const string Weight = "29463-7";
    public const string Platelets = "777-3";
    public const string Hemoglobin = "718-7";
    public const string Anc = "751-8";
    public const string Bilirubin = "1975-2";
    public const string Albumin = "1751-7";
    public const string Inr = "6301-6";
    public const string EstrogenReceptor = "85337-4";
    public const string ProgesteroneReceptor = "85339-0";
    public const string Her2 = "85319-2";

    /// <summary>X12 1322 certification types the catalog knows (cancel and appeals are not requests for therapy).</summary>
    public static readonly IReadOnlyDictionary<string, string> CertificationTypes = new Dictionary<string, string>
    {
        ["I"] = "initial", ["R"] = "renewal", ["S"] = "revised", ["4"] = "extension",
    };

    /// <summary>
    /// Coded results to catalog codes: SNOMED positive/negative and disease status, LOINC answer lists, and
    /// HL7 yes/no for Boolean facts.
    /// </summary>
    public static string? ResultCode(string? system, string? code) => (system, code) switch
    {
        (Snomed, "10828004") or ("http://loinc.org", "LA6576-8") => "positive",
        (Snomed, "260385009") or ("http://loinc.org", "LA6577-6") => "negative",
        (Snomed, "271299001") => "worsened",
        (Snomed, "359746009") => "stable",
        (Snomed, "268910001") => "improved",
        _ => null,
    };

    public static bool? YesNo(string? system, string? code) => (system, code) switch
    {
        (Snomed, "373066001") or (_, "Y") or ("http://loinc.org", "LA33-6") => true,
        (Snomed, "373067005") or (_, "N") or ("http://loinc.org", "LA32-8") => false,
        _ => null,
    };

    /// <summary>ICD-10-CM with its dot (<c>C7A010</c> → <c>C7A.010</c>), upper case.</summary>
    public static string NormalizeIcd10(string code)
    {
        var c = code.Trim().ToUpperInvariant();
        return c.Length > 3 && !c.Contains('.', StringComparison.Ordinal) ? c[..3] + "." + c[3..] : c;
    }

    /// <summary>Secondary neoplasms: C7B.*, C77-C79.</summary>
    public static bool IsSecondaryNeoplasm(string icd10) =>
        icd10.StartsWith("C7B", StringComparison.Ordinal) || icd10.StartsWith("C77", StringComparison.Ordinal)
        || icd10.StartsWith("C78", StringComparison.Ordinal) || icd10.StartsWith("C79", StringComparison.Ordinal);

    /// <summary>Transplant status codes: Z94.0 kidney, Z94.4 liver, other Z94.* other.</summary>
    public static string? TransplantOrgan(string icd10) => icd10 switch
    {
        "Z94.0" => "kidney",
        "Z94.4" => "liver",
        _ when icd10.StartsWith("Z94", StringComparison.Ordinal) => "other",
        _ => null,
    };
}
