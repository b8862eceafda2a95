using System.Globalization;
using System.Text.Json.Nodes;

namespace FhirPriorAuth.Policies.Tests.Builders;

/// <summary>
/// Builds a PAS request Bundle (Claim first, then Patient, Coverage, payer Organization, provider, and the clinical
/// resources) coded the way shared/clinical-evidence.md says an EHR codes them. Every entry has a fullUrl
/// <c>http://ehr.example.org/fhir/Type/id</c>; ids are readable (<c>Observation/ki67</c>), see <see cref="FullUrl"/>.
/// Start from <see cref="Lutathera"/> or <see cref="Everolimus"/>, chain facts, then <see cref="Build"/> (or
/// <see cref="BuildCrdRequest"/> for the same request as a CDS Hooks call). Set <see cref="ServiceDate"/> first:
/// facts without an explicit date are dated relative to it when they are added (Observations a week before).
/// </summary>
public sealed partial class PasRequestBuilder
{
    public const string Base = "http://ehr.example.org/fhir/";
    public const string PayerIdSystem = "http://fhirpriorauth.example.org/fhir/payer-id";
    public const string PaEvidence = "http://fhirpriorauth.example.org/fhir/CodeSystem/pa-evidence";
    public const string Loinc = "http://loinc.org";
    public const string Snomed = "http://snomed.info/sct";
    public const string Icd10 = "http://hl7.org/fhir/sid/icd-10-cm";
    public const string Hcpcs = "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";
    public const string Ndc = "http://hl7.org/fhir/sid/ndc";
    public const string RxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";
    public const string Ucum = "http://unitsofmeasure.org";
    public const string Sopt = "https://nahdo.org/sopt";
    public const string Nucc = "http://nucc.org/provider-taxonomy";
    public const string CertificationTypeUrl = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-certificationType";

    /// <summary>The date of service every builder starts with, unless <see cref="ServiceDate"/> changes it.</summary>
    public static readonly DateOnly DefaultServiceDate = new(2026, 3, 2);

    private readonly string _payer;
    private readonly List<(string Type, string Id, JsonObject Resource)> _resources = [];
    private readonly JsonObject _item;
    private readonly JsonArray _diagnoses = [];
    private readonly JsonArray _supportingInfo = [];
    private string _claimType = "professional";
    private DateOnly _serviceDate = DefaultServiceDate;
    private DateOnly? _serviceEnd;
    private DateOnly? _birthDate;
    private int? _age = 60;
    private string _gender = "female";
    private string _soptCode = "5";
    private string? _planValue;
    private string _prescriberSpecialty = "207RX0202X";
    private readonly List<string> _consultants = [];
    private string _certification = "I";
    private JsonObject? _medicationRequest;
    private int _sequence;

    private PasRequestBuilder(string payer, JsonObject productOrService, decimal quantity)
    {
        _payer = payer;
        _item = new JsonObject { ["productOrService"] = productOrService, ["quantity"] = new JsonObject { ["value"] = quantity } };
    }

    /// <summary>A Lutathera request: HCPCS A9513, <paramref name="doses"/> × 200 mCi units, medical benefit.</summary>
    public static PasRequestBuilder Lutathera(string payer = "wellmark", int doses = 4) =>
        new(payer, Concept(Hcpcs, "A9513"), doses * 200);

    /// <summary>
    /// An everolimus request on a pharmacy claim: the NDC on the claim line and a MedicationRequest for
    /// <paramref name="dailyDoseMg"/> a day in tablets of <paramref name="strengthMg"/>. Defaults: Afinitor 10 mg, once a day.
    /// </summary>
    public static PasRequestBuilder Everolimus(string payer = "centene", string ndc = "0078-0567-51",
        decimal dailyDoseMg = 10, decimal strengthMg = 10, int requestedDays = 30)
    {
        var b = new PasRequestBuilder(payer, Concept(Ndc, ndc), requestedDays) { _claimType = "pharmacy" };
        b._serviceEnd = b._serviceDate.AddDays(requestedDays - 1);
        b.Add("Medication", "everolimus", new JsonObject
        {
            ["code"] = Concept(Ndc, ndc),
            ["ingredient"] = new JsonArray(new JsonObject
            {
                ["itemCodeableConcept"] = Concept(RxNorm, "141704", "everolimus"),
                ["strength"] = new JsonObject
                {
                    ["numerator"] = Qty(strengthMg, "mg"),
                    ["denominator"] = new JsonObject { ["value"] = 1, ["unit"] = "tablet", ["system"] = Ucum, ["code"] = "{tbl}" },
                },
            }),
        });
        b._medicationRequest = b.Add("MedicationRequest", "order", new JsonObject
        {
            ["status"] = "active",
            ["intent"] = "order",
            ["medicationReference"] = Ref("Medication", "everolimus"),
            ["subject"] = Ref("Patient", "patient"),
            ["requester"] = Ref("PractitionerRole", "prescriber"),
            ["dosageInstruction"] = new JsonArray(new JsonObject
            {
                ["timing"] = new JsonObject { ["repeat"] = new JsonObject { ["frequency"] = 1, ["period"] = 1, ["periodUnit"] = "d" } },
                ["doseAndRate"] = new JsonArray(new JsonObject { ["doseQuantity"] = Qty(dailyDoseMg, "mg") }),
            }),
        });
        return b;
    }

    /// <summary>The fullUrl the builder gives a resource: <c>FullUrl("Observation", "ki67")</c>.</summary>
    public static string FullUrl(string type, string id) => Base + type + "/" + id;

    // ---- The request -------------------------------------------------------------------------------------------

    /// <summary>Date of service (Claim.item.servicedDate, or the start of servicedPeriod when a length is set).</summary>
    public PasRequestBuilder ServiceDate(DateOnly date)
    {
        if (_serviceEnd is { } end) _serviceEnd = date.AddDays(end.DayNumber - _serviceDate.DayNumber);
        _serviceDate = date;
        return this;
    }

    /// <summary>Claim.item.servicedPeriod covering <paramref name="days"/> days from the date of service, both ends included.</summary>
    public PasRequestBuilder RequestedDays(int days)
    {
        _serviceEnd = _serviceDate.AddDays(days - 1);
        return this;
    }

    /// <summary>X12 1322 certification type: I initial, R renewal, S revised, 4 extension.</summary>
    public PasRequestBuilder Certification(string x12Code)
    {
        _certification = x12Code;
        return this;
    }

    public PasRequestBuilder Renewal() => Certification("R");

    /// <summary>Claim.type: <c>professional</c>, <c>institutional</c> or <c>pharmacy</c>.</summary>
    public PasRequestBuilder ClaimType(string type)
    {
        _claimType = type;
        return this;
    }

    /// <summary>Claim.item.quantity as sent (Lutathera: mCi units).</summary>
    public PasRequestBuilder Quantity(decimal units)
    {
        _item["quantity"] = new JsonObject { ["value"] = units };
        return this;
    }

    /// <summary>Coverage.type SOPT code: <c>1</c> Medicare, <c>2</c> Medicaid, <c>5</c>/<c>6</c> commercial.</summary>
    public PasRequestBuilder CoverageType(string soptCode)
    {
        _soptCode = soptCode;
        return this;
    }

    public PasRequestBuilder Medicare() => CoverageType("1");
    public PasRequestBuilder Medicaid() => CoverageType("2");
    public PasRequestBuilder Commercial() => CoverageType("5");

    /// <summary>Coverage.class of type plan with this value (marketplace when the payer registry lists it).</summary>
    public PasRequestBuilder Plan(string planValue)
    {
        _planValue = planValue;
        return this;
    }

    /// <summary>NUCC taxonomy code of the prescriber's PractitionerRole.specialty.</summary>
    public PasRequestBuilder Prescriber(string nuccCode)
    {
        _prescriberSpecialty = nuccCode;
        return this;
    }

    /// <summary>A specialist the prescriber consulted: a Claim.careTeam member (role "other") whose PractitionerRole has this NUCC specialty.</summary>
    public PasRequestBuilder Consultant(string nuccCode)
    {
        var id = NextId("consultant");
        Add("PractitionerRole", id, new JsonObject { ["specialty"] = new JsonArray(Concept(Nucc, nuccCode)) });
        _consultants.Add(id);
        return this;
    }

    // ---- The patient -------------------------------------------------------------------------------------------

    /// <summary>The patient, <paramref name="age"/> years old on the date of service (birthday ten days before it). Default: a 60-year-old woman.</summary>
    public PasRequestBuilder Patient(int age, string sex = "female")
    {
        _age = age;
        _birthDate = null;
        _gender = sex;
        return this;
    }

    /// <summary>The patient with an exact birth date (null: no birthDate at all).</summary>
    public PasRequestBuilder PatientBorn(DateOnly? birthDate, string sex = "female")
    {
        _birthDate = birthDate;
        _age = null;
        _gender = sex;
        return this;
    }

    /// <summary>One Condition per ICD-10-CM code, each also listed in Claim.diagnosis.</summary>
    public PasRequestBuilder Diagnosis(params string[] icd10Codes)
    {
        foreach (var code in icd10Codes)
        {
            var id = "condition-" + code.Replace(".", "", StringComparison.Ordinal).ToLowerInvariant();
            Add("Condition", id, new JsonObject
            {
                ["clinicalStatus"] = Concept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active"),
                ["code"] = Concept(Icd10, code),
                ["subject"] = Ref("Patient", "patient"),
            });
            _diagnoses.Add(new JsonObject { ["sequence"] = _diagnoses.Count + 1, ["diagnosisCodeableConcept"] = Concept(Icd10, code) });
        }
        return this;
    }

    /// <summary>Puts a DTR QuestionnaireResponse in the bundle and references it from Claim.supportingInfo.</summary>
    public PasRequestBuilder QuestionnaireResponse(JsonObject questionnaireResponse)
    {
        var id = questionnaireResponse["id"]?.GetValue<string>() ?? "dtr-response";
        Add("QuestionnaireResponse", id, questionnaireResponse);
        _supportingInfo.Add(new JsonObject
        {
            ["sequence"] = _supportingInfo.Count + 1,
            ["category"] = Concept("http://hl7.org/us/davinci-pas/CodeSystem/PASSupportingInfoType", "additionalInformation"),
            ["valueReference"] = Ref("QuestionnaireResponse", id),
        });
        return this;
    }

    public PasRequestBuilder QuestionnaireResponse(QuestionnaireResponseBuilder builder) => QuestionnaireResponse(builder.Build());

    /// <summary>Any further resource (escape hatch for unusual shapes); it must carry resourceType and id.</summary>
    public PasRequestBuilder Resource(JsonObject resource)
    {
        var type = resource["resourceType"]!.GetValue<string>();
        var id = resource["id"]?.GetValue<string>() ?? NextId(type.ToLowerInvariant());
        _resources.Add((type, id, resource));
        resource["id"] = id;
        return this;
    }

    /// <summary>Drops every resource of a type (e.g. to test a bundle without Patient).</summary>
    public PasRequestBuilder Without(string resourceType)
    {
        _resources.RemoveAll(r => r.Type == resourceType);
        _omitted.Add(resourceType);
        return this;
    }

    private readonly HashSet<string> _omitted = [];

    /// <summary>The Bundle as JSON.</summary>
    public string BuildJson() => Build().ToJsonString();
}
