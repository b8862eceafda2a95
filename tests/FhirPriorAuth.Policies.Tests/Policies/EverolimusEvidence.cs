using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Evidence;
using FhirPriorAuth.Policies.Tests.Builders;

namespace FhirPriorAuth.Policies.Tests.Policies;

/// <summary>
/// Renders an <see cref="EverolimusRequest"/> the way an EHR sends it — a PAS bundle with structured resources, or a
/// PAS bundle whose clinical facts are DTR answers (linkId = fact name) — and reads it back through the evidence layer.
/// </summary>
public static class EverolimusEvidence
{
    /// <summary>Facts the PAS claim itself carries (coverage, product, dose, dates); everything else is clinical.</summary>
    private static readonly HashSet<string> RequestFacts =
        ["payer", "drug", "serviceDate", "lineOfBusiness", "continuation", "product", "brandRequested", "dailyDoseMg", "tabletsPerDay", "requestedDays", "dosageForm"];

    /// <summary>The Coverage.class plan value the demo payer registry lists as a marketplace (HIM) plan.</summary>
    private const string MarketplacePlan = "marketplace-silver";

    public static EvidenceSet Read(EverolimusRequest request, EvidenceRoute route)
    {
        var bundle = route == EvidenceRoute.Dtr ? DtrBundle(request) : StructuredBundle(request);
        return PasBundleEvidence.Extract(bundle, EverolimusRequest.ServiceDate, Options);
    }

    private static readonly EvidenceOptions Options = new() { MarketplacePlans = [MarketplacePlan] };

    private static QuestionnaireResponseBuilder NewResponse() =>
        new(questionnaire: "http://fhirpriorauth.example.org/fhir/Questionnaire/centene-everolimus");

    private static void Answer(QuestionnaireResponseBuilder answers, string name, object[] values)
    {
        switch (values[0])
        {
            case bool v: answers.Answer(name, v); break;
            case int v: answers.Answer(name, v); break;
            case decimal v: answers.Answer(name, v); break;
            default: answers.Answer(name, [.. values.Select(v => v.ToString()!)]); break;
        }
    }

    /// <summary>The claim-level part every route shares: product, dose, coverage, certification, request length.</summary>
    private static PasRequestBuilder Claim(EverolimusRequest request)
    {
        NotExpressible(request, "payer", "drug", "serviceDate", "product", "requestedDays");
        var dose = request.Has("dailyDoseMg") ? request.Single<decimal>("dailyDoseMg") : 10;
        var tablets = request.Has("tabletsPerDay") ? request.Single<decimal>("tabletsPerDay") : 1;
        var builder = PasRequestBuilder.Everolimus(ndc: Ndc(request.Single<string>("product")!, request.Single<string>("dosageForm")), dailyDoseMg: dose,
            strengthMg: dose / tablets, requestedDays: request.Single<int>("requestedDays"));
        // No dose documented: the claim line arrives without its order.
        if (!request.Has("dailyDoseMg")) builder.Without("MedicationRequest");
        builder = request.Single<string>("lineOfBusiness") switch
        {
            "commercial" => builder.Commercial(),
            "medicaid" => builder.Medicaid(),
            "medicare" => builder.Medicare(),
            "marketplace" => builder.Commercial().Plan(MarketplacePlan),
            null => builder.Without("Coverage"),
            var other => throw new ArgumentException($"no coverage type for '{other}'"),
        };
        if (request.Single<bool>("continuation")) builder.Renewal();
        return builder;
    }

    private static string Ndc(string product, string? form) => product switch
    {
        "everolimus-generic" when form == "tablet-for-suspension" => "60219-2280-01",
        "afinitor" => "0078-0567-51",
        "afinitor-disperz" => "0078-0627-61",
        "zortress" => "0078-0415-20",
        _ => "0054-0482-21",
    };

    private static void NotExpressible(EverolimusRequest request, params string[] required)
    {
        foreach (var name in required)
            if (!request.Has(name)) Assert.Skip($"a PAS claim always states {name}; only the Facts route can leave it out");
    }

    /// <summary>The request as a PAS bundle of chart resources (a marketplace member on the demo marketplace plan).</summary>
    public static JsonObject Bundle(EverolimusRequest request) => StructuredBundle(request);

    private static JsonObject StructuredBundle(EverolimusRequest request)
    {
        var b = Claim(request);
        if (request.Has("age")) b.Patient(request.Single<int>("age"));
        else b.PatientBorn(null);
        var specialties = request["prescriberSpecialty"];
        if (specialties.Length > 1) Assert.Skip("a PAS bundle names one prescriber specialty; several come from DTR");
        if (specialties.Length == 1) b.Prescriber((string)specialties[0]);
        else b.Without("PractitionerRole");

        var diagnoses = request["diagnosis"].Cast<string>().ToList();
        foreach (var organ in request["transplant"].Cast<string>())
        {
            var code = organ switch { "kidney" => "Z94.0", "liver" => "Z94.4", _ => "Z94.1" };
            if (!diagnoses.Contains(code)) diagnoses.Add(code);
        }
        if (diagnoses.Count > 0) b.Diagnosis([.. diagnoses]);

        var start = EverolimusRequest.ServiceDate;
        // What the chart has no resource for (doseIncrease, say) the prescriber answers in DTR, in the same bundle.
        var answers = NewResponse();
        var answered = false;
        foreach (var (name, values) in request.Facts)
        {
            if (RequestFacts.Contains(name) || name is "age" or "prescriberSpecialty" or "diagnosis" or "transplant") continue;
            foreach (var value in values)
                switch (name)
                {
                    case "hormoneReceptorStatus": b.HormoneReceptors((string)value == "positive", (string)value == "positive"); break;
                    case "her2Status": b.Her2((string)value == "positive"); break;
                    case "metastatic": b.ClinicalM((bool)value); break;
                    case "resectability": b.Resectability((string)value); break;
                    case "rccHistology": b.Coded("rcc-histology", (string)value); break;
                    case "priorTherapy": b.Therapy((string)value, start.AddDays(-365), start.AddDays(-200)); break;
                    case "failedTherapy": b.Therapy((string)value, start.AddDays(-300), start.AddDays(-100), "stopped", "progression"); break;
                    case "currentTherapy": b.Therapy((string)value, start.AddDays(-30)); break;
                    // Two years on it and still taking it: history as well as current therapy.
                    case "therapyHistory": b.Therapy((string)value, start.AddDays(-730)); break;
                    case "therapyStoppedOtherReason": b.Therapy((string)value, start.AddDays(-300), start.AddDays(-100), "stopped", "course completed"); break;
                    case "therapyStopReasonUndocumented": b.Therapy((string)value, start.AddDays(-300), start.AddDays(-100), "stopped"); break;
                    case "consultingSpecialty": b.Consultant((string)value); break;
                    case "thyroidHistology": b.Coded("thyroid-histology", (string)value); break;
                    case "respondingToTherapy": b.Progression((bool)value ? "stable" : "worsened"); break;
                    // The ongoing statement's dose is what the evidence layer compares the request with (doseIncrease).
                    case "receivingDrugDays" when request.Has("doseIncrease"):
                        b.CurrentEverolimus(start.AddDays(-(int)value), CurrentDose(request));
                        break;
                    case "receivingDrugDays": b.Therapy("everolimus", start.AddDays(-(int)value)); break;
                    case "doseIncrease" when request.Has("receivingDrugDays"): break;
                    case "therapyContraindicated":
                        b.Observation("contraindicated", PasRequestBuilder.Concept(PasRequestBuilder.PaEvidence, "therapy-contraindicated"),
                            "valueString", JsonValue.Create((string)value));
                        break;
                    default:
                        if (FactCatalog.Find(name) is { Kind: FactKind.Boolean, Codings: [var coding, ..] })
                            b.Flag(coding.Code, (bool)value);
                        else
                        {
                            Answer(answers, name, [value]);
                            answered = true;
                        }
                        break;
                }
        }
        if (answered) b.QuestionnaireResponse(answers);
        return b.Build();
    }

    /// <summary>The dose the member takes now: below the requested one when the request is a dose increase.</summary>
    private static decimal CurrentDose(EverolimusRequest request)
    {
        var requested = request.Single<decimal>("dailyDoseMg");
        return request.Single<bool>("doseIncrease") ? requested / 2 : requested;
    }

    private static JsonObject DtrBundle(EverolimusRequest request)
    {
        var b = Claim(request).PatientBorn(null).Without("PractitionerRole");
        var answers = NewResponse();
        // What the chart shows as a course stopped without a reason, the prescriber answers as a therapy received.
        var stopped = request["therapyStopReasonUndocumented"];
        foreach (var (name, values) in request.Facts)
            if (!RequestFacts.Contains(name) && name is not ("therapyStopReasonUndocumented" or "priorTherapy")) Answer(answers, name, values);
        if (request.Has("priorTherapy") || stopped.Length > 0)
            Answer(answers, "priorTherapy", [.. request["priorTherapy"].Concat(stopped).Distinct()]);
        return b.QuestionnaireResponse(answers).Build();
    }
}
