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
        ["payer", "drug", "serviceDate", "lineOfBusiness", "continuation", "product", "brandRequested", "dailyDoseMg", "tabletsPerDay", "requestedDays"];

    /// <summary>The Coverage.class plan value the demo payer registry lists as a marketplace (HIM) plan.</summary>
    private const string MarketplacePlan = "marketplace-silver";

    public static EvidenceSet Read(EverolimusRequest request, EvidenceRoute route)
    {
        var bundle = route == EvidenceRoute.Dtr ? DtrBundle(request) : StructuredBundle(request);
        return Extract(bundle);
    }

    /// <summary>Whether the evidence layer's bundle reader is merged (the PasBundle and Dtr routes need it).</summary>
    public static bool Available => false;

    // Wired to the evidence layer once branch 'evidence' publishes its bundle reader.
    private static EvidenceSet Extract(JsonObject bundle)
    {
        _ = bundle;
        Assert.Skip("the evidence layer's PAS bundle reader is not merged yet (branch 'evidence')");
        return null!;
    }

    /// <summary>The claim-level part every route shares: product, dose, coverage, certification, request length.</summary>
    private static PasRequestBuilder Claim(EverolimusRequest request)
    {
        NotExpressible(request, "payer", "drug", "serviceDate", "product", "dailyDoseMg", "tabletsPerDay", "requestedDays");
        var dose = request.Single<decimal>("dailyDoseMg");
        var tablets = request.Single<decimal>("tabletsPerDay");
        var builder = PasRequestBuilder.Everolimus(ndc: Ndc(request.Single<string>("product")!), dailyDoseMg: dose,
            strengthMg: dose / tablets, requestedDays: request.Single<int>("requestedDays"));
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

    private static string Ndc(string product) => product switch
    {
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
                    case "respondingToTherapy": b.Progression((bool)value ? "stable" : "worsened"); break;
                    case "receivingDrugDays": b.Therapy("everolimus", start.AddDays(-(int)value)); break;
                    default:
                        var definition = FactCatalog.Find(name)!;
                        if (definition.Kind != FactKind.Boolean || definition.Codings is not { Count: > 0 } codings)
                        {
                            Assert.Skip($"{name} has no structured form in the builders; the DTR route covers it");
                            break;
                        }
                        b.Flag(codings[0].Code, (bool)value);
                        break;
                }
        }
        return b.Build();
    }

    private static JsonObject DtrBundle(EverolimusRequest request)
    {
        var b = Claim(request).PatientBorn(null).Without("PractitionerRole");
        var answers = new QuestionnaireResponseBuilder(questionnaire: "http://fhirpriorauth.example.org/fhir/Questionnaire/centene-everolimus");
        foreach (var (name, values) in request.Facts)
        {
            if (RequestFacts.Contains(name)) continue;
            switch (values[0])
            {
                case bool v: answers.Answer(name, v); break;
                case int v: answers.Answer(name, v); break;
                case decimal v: answers.Answer(name, v); break;
                default: answers.Answer(name, [.. values.Select(v => v.ToString()!)]); break;
            }
        }
        return b.QuestionnaireResponse(answers).Build();
    }
}
