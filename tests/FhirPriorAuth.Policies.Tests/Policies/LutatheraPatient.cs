using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Tests.Builders;

namespace FhirPriorAuth.Policies.Tests.Policies;

/// <summary>How a test states the clinical documentation: as chart resources in the PAS bundle, or as DTR answers.</summary>
public enum Documentation
{
    /// <summary>The facts stated directly (no extraction): the policy and engine alone.</summary>
    Facts,
    /// <summary>Observations, MedicationStatements and labs in the PAS bundle, coded per clinical-evidence.md.</summary>
    Structured,
    /// <summary>A DTR QuestionnaireResponse in the PAS bundle whose linkIds are fact names.</summary>
    Questionnaire,
}

/// <summary>
/// A Lutathera patient described fact by fact, so a test can change exactly one fact of a qualifying patient and
/// state it directly or render the request either way. Request facts (payer, date of service, age, diagnoses, doses) are always on the
/// claim; clinical facts go where <see cref="Documentation"/> says. A clinical fact set to null is undocumented.
/// </summary>
public sealed record LutatheraPatient
{
    public required string Payer { get; init; }
    public DateOnly ServiceDate { get; init; } = new(2025, 11, 3);
    public int? Age { get; init; } = 58;
    public IReadOnlyList<string> Diagnoses { get; init; } = ["C7A.012", "C7B.02"];
    public int DosesRequested { get; init; } = 4;
    /// <summary>Lutathera doses already administered, 8 weeks apart before the date of service; more than 0 is continuation.</summary>
    public int DosesGiven { get; init; }
    /// <summary>Clinical facts by catalog name; absent or null means undocumented.</summary>
    public IReadOnlyDictionary<string, object?> Clinical { get; init; } = new Dictionary<string, object?>();

    public bool Continuation => DosesGiven > 0;

    /// <summary>The same patient with one clinical fact changed (null: undocumented).</summary>
    public LutatheraPatient With(string fact, object? value) =>
        this with { Clinical = new Dictionary<string, object?>(Clinical) { [fact] = value } };

    /// <summary>
    /// The same patient with one fact changed: the request facts <c>age</c>, <c>diagnosis</c> (string[]),
    /// <c>dosesGiven</c>, <c>dosesRequested</c>, <c>serviceDate</c> (DateOnly), or any clinical fact.
    /// </summary>
    public LutatheraPatient Vary(string fact, object? value) => fact switch
    {
        "age" => this with { Age = (int?)value },
        "diagnosis" => this with { Diagnoses = (string[])value! },
        "dosesGiven" => this with { DosesGiven = (int)value! },
        "dosesRequested" => this with { DosesRequested = (int)value! },
        "serviceDate" => this with { ServiceDate = (DateOnly)value! },
        _ => With(fact, value),
    };

    public object? this[string fact] => Clinical.GetValueOrDefault(fact);

    /// <summary>The PAS request bundle for this patient, with <paramref name="alsoAnswered"/> as a further DTR response.</summary>
    public JsonObject Bundle(Documentation documentation, QuestionnaireResponseBuilder? alsoAnswered = null)
    {
        var b = PasRequestBuilder.Lutathera(Payer, DosesRequested).ServiceDate(ServiceDate);
        b = Age is { } age ? b.Patient(age) : b.PatientBorn(null);
        b.Diagnosis([.. Diagnoses]);
        for (var i = DosesGiven; i >= 1; i--) b.LutatheraDoseGiven(ServiceDate.AddDays(-56 * i));
        if (Continuation) b.Renewal();
        if (documentation == Documentation.Structured) AddChart(b);
        else b.QuestionnaireResponse(Answers());
        if (alsoAnswered is not null) b.QuestionnaireResponse(alsoAnswered);
        return b.Build();
    }

    private QuestionnaireResponseBuilder Answers()
    {
        var qr = new QuestionnaireResponseBuilder(questionnaire:
            $"http://fhirpriorauth.example.org/fhir/Questionnaire/{Payer}-lutathera");
        foreach (var (fact, value) in Clinical)
        {
            switch (value)
            {
                case null: break;
                case bool v: qr.Answer(fact, v); break;
                case int v: qr.Answer(fact, v); break;
                case decimal v: qr.Answer(fact, v); break;
                case string v: qr.Answer(fact, v); break;
                case string[] v: qr.Answer(fact, v); break;
                default: throw new ArgumentException($"{fact}: unsupported answer type {value.GetType().Name}");
            }
        }
        return qr;
    }

    /// <summary>Chart resources from which the evidence layer derives each clinical fact.</summary>
    private void AddChart(PasRequestBuilder b)
    {
        var firstDose = ServiceDate.AddDays(-56 * DosesGiven);
        foreach (var (fact, value) in Clinical)
        {
            if (value is null) continue;
            switch (fact)
            {
                case "ki67": b.Ki67((decimal)value); break;
                case "mitoticRate": b.MitoticRate((decimal)value); break;
                case "tumorNecrosis": b.TumorNecrosis((bool)value); break;
                case "sstrImaging": b.SstrImaging((string)value == "positive"); break;
                case "metastatic": b.ClinicalM((bool)value); break;
                case "resectability": b.Resectability((string)value); break;
                case "progression":
                    // Progression dated before the analogue started is progression not on it.
                    var beforeSsa = this["progressionOnSsa"] as bool? == false && this["longActingSsaWashoutDays"] is int;
                    var ssaStart = beforeSsa ? ServiceDate.AddDays(-(int)this["longActingSsaWashoutDays"]!).AddYears(-1) : (DateOnly?)null;
                    b.Progression((string)value, ssaStart?.AddDays(-30));
                    // "No progression on the analogue" is a status documented while on it that is not a worsening: a
                    // worsening that predates the analogue alone leaves the question open (issue 9 class 2).
                    // (A patient shown progressing on a targeted agent instead keeps that worsening as the latest status.)
                    var targeted = ((string[]?)this["priorTherapy"])?.Any(a => a is "everolimus" or "sunitinib" or "cabozantinib") == true;
                    if (ssaStart is { } started && !targeted) b.Progression("stable", started.AddDays(90));
                    break;
                case "tumorBurdenSignificant": b.Flag("tumor-burden-significant", (bool)value); break;
                case "carcinoidSyndromeUncontrolled": b.Flag("carcinoid-syndrome-uncontrolled", (bool)value); break;
                case "lineOfTherapy": b.Coded("line-of-therapy", (string)value); break;
                case "adequateOrganFunction": b.AdequateOrganFunction((bool)value); break;
                case "karnofsky": b.Karnofsky((int)value); break;
                case "creatinineClearance": b.CreatinineClearance((decimal)value); break;
                case "priorTherapy":
                    foreach (var agent in (string[])value)
                    {
                        if (agent is not ("octreotide-lar" or "lanreotide"))
                            b.Therapy(agent, ServiceDate.AddYears(-2), ServiceDate.AddYears(-1));
                        else if (this["longActingSsaWashoutDays"] is null) // an analogue whose last dose the chart does not date
                            b.Therapy(agent, ServiceDate.AddYears(-2));
                        // else the washout history below has it
                    }
                    break;
                case "longActingSsaWashoutDays":
                    // The long-acting analogue the disease progressed on (or not), stopped this many days ago.
                    var agentGiven = ((string[]?)this["priorTherapy"])?.FirstOrDefault(a => a is "octreotide-lar" or "lanreotide") ?? "octreotide-lar";
                    var lastDose = ServiceDate.AddDays(-(int)value);
                    var onSsa = this["progressionOnSsa"] as bool? == true;
                    b.LongActingSsa(lastDose, agent: agentGiven, stopReason: onSsa ? "progression" : null);
                    break;
                case "progressionOnSsa": break; // rendered with the long-acting analogue's history above
                case "shortActingSsaWashoutHours":
                    b.ShortActingOctreotide(new DateTimeOffset(ServiceDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddHours(-(int)value));
                    break;
                case "thrombocytopeniaGrade2PlusCount": Labs(b, firstDose, (int)value, (x, d) => x.Platelets(60, d), (x, d) => x.Platelets(210, d)); break;
                case "anemiaGrade3PlusCount": Labs(b, firstDose, (int)value, (x, d) => x.Hemoglobin(7.4m, d), (x, d) => x.Hemoglobin(12.8m, d)); break;
                case "neutropeniaGrade3PlusCount": Labs(b, firstDose, (int)value, (x, d) => x.Anc(0.8m, d), (x, d) => x.Anc(3.1m, d)); break;
                case "hepatotoxicityCount": Labs(b, firstDose, (int)value, (x, d) => x.Bilirubin(4.2m, 1.2m, d), (x, d) => x.Bilirubin(0.7m, 1.2m, d)); break;
                case "nonHematologicGrade3PlusCount": b.Count("nonhematologic-toxicity", (int)value); break;
                case "renalToxicityDelayWeeks": b.Count("renal-toxicity-delay", (int)value); break;
                default: throw new ArgumentException($"no chart rendering for {fact}");
            }
        }
    }

    /// <summary><paramref name="toxic"/> episodes after the first dose (a toxic result, then recovery), then a normal result closest to the date of service.</summary>
    private void Labs(PasRequestBuilder b, DateOnly firstDose, int toxic, Action<PasRequestBuilder, DateOnly> bad, Action<PasRequestBuilder, DateOnly> normal)
    {
        // Each toxic result is its own episode: a recovered result follows it ("recurrent" counts episodes, not draws).
        for (var i = 0; i < toxic; i++) { bad(b, firstDose.AddDays(21 + 28 * i)); normal(b, firstDose.AddDays(35 + 28 * i)); }
        normal(b, ServiceDate.AddDays(-5));
    }
}
