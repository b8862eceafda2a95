using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.FhirPath.Values;
using FhirPriorAuth.Policies.Artifacts;
using FhirPriorAuth.Policies.Decisions;
using FhirPriorAuth.Policies.Evidence;
using FhirPriorAuth.Server.Dtr;

namespace FhirPriorAuth.Server.Crd.Responses;

/// <summary>
/// Decides what the payer's policies say about each order in scope, as PAS would decide it (same evidence, same
/// engine), and states it in CRD's terms. Outside the policies it says so: no authorization needed for anything the
/// policies do not govern, "contact the payer" for a policy drug the payer has no policy for here.
/// </summary>
internal sealed class CoverageAssessor(PolicyCatalog catalog)
{
    public const string PaDrugSystem = "http://fhirpriorauth.example.org/fhir/CodeSystem/pa-drug";

    /// <summary>The demo payer registry's names, as the member's card shows them (source.label).</summary>
    private static readonly Dictionary<string, string> PayerNames = new(StringComparer.Ordinal)
    {
        ["capital-blue-cross"] = "Capital Blue Cross",
        ["wellmark"] = "Wellmark Blue Cross and Blue Shield",
        ["centene"] = "Centene",
    };

    public OrderAssessment Assess(CrdCall call, HookResources resources, JsonObject target)
    {
        // An appointment is assessed by the order it books, when the request carries that order.
        var order = target.Str("resourceType") == "Appointment"
            ? target.Objects("basedOn").Select(b => resources.Resolve(b.Str("reference"))).FirstOrDefault(o => o is not null) ?? target
            : target;
        var today = DateOnly.FromDateTime(call.Now.UtcDateTime);
        var evidence = CrdPrefetchEvidence.Extract(SingleOrderRequest(call.Request, order, resources), today, catalog.EvidenceOptions);
        var payer = evidence.Values("payer").OfType<string>().FirstOrDefault();
        var drug = evidence.Values("drug").OfType<string>().FirstOrDefault();
        var product = evidence.Values("product").OfType<string>().FirstOrDefault();
        var date = evidence.Values("serviceDate").Select(Day).FirstOrDefault(d => d is not null) ?? today;
        var payerName = PayerName(payer, resources);

        LoadedPolicy? policy = null, retired = null;
        Decision? decision = null;
        string? questionnaire = null;
        CoverageStatement statement;
        if (drug is null)
            statement = payer is null
                ? UnknownPayer()
                : order.Str("resourceType") == "MedicationRequest" && MedicationOf(order, resources) is null
                    // A medication named only by a reference nobody could resolve: "no authorization needed" would be a guess.
                    ? new(CoverageKind.MedicationUnknown, "conditional", "conditional", false,
                        $"The order names its medication ({order.Obj("medicationReference").Str("reference") ?? "none"}) but the request does not "
                        + $"carry it and it could not be read from the EHR, so which {payerName} policy applies is unknown. Send the Medication "
                        + $"or contact {payerName} about coverage and prior authorization.")
                : new(CoverageKind.NoAuthNeeded, "covered", "no-auth", false,
                    $"No prior authorization is required for this service under the {payerName} policies this service holds.");
        else if (payer is null)
            statement = UnknownPayer();
        else if ((policy = catalog.Find(payer, drug, date)) is null)
        {
            retired = catalog.Policies.Where(p => p.Payer == payer && p.Drug == drug && p.EffectiveEnd < date)
                .OrderByDescending(p => p.EffectiveEnd).FirstOrDefault();
            statement = retired is not null
                ? new(CoverageKind.PolicyRetired, "conditional", "conditional", false,
                    $"{retired.PolicyName} governed {Name(drug)} through {retired.EffectiveEnd:yyyy-MM-dd} and was retired; no {payerName} "
                    + $"{Name(drug)} policy is in effect on {date:yyyy-MM-dd}. Contact {payerName} about coverage and prior authorization.")
                : drug == "everolimus" && evidence.Values("benefit").OfType<string>().Contains("pharmacy")
                    ? new(CoverageKind.PharmacyBenefit, "conditional", "conditional", false,
                        "Everolimus dispensed by a pharmacy falls under the pharmacy benefit, which this medical-benefit service does not "
                        + "decide. Ask the pharmacy benefit manager whether prior authorization is needed.")
                    : new(CoverageKind.ContactPayer, "conditional", "conditional", false,
                        (catalog.Policies.Any(p => p.Payer == payer && p.Drug == drug)
                            ? $"No {payerName} policy for {Name(drug)} held here is in effect on {date:yyyy-MM-dd}."
                            : $"This service holds no {payerName} policy for {Name(drug)}.")
                        + $" Contact {payerName} about coverage and prior authorization.");
        }
        else
        {
            decision = DecisionEngine.Decide(evidence, catalog);
            // A referral has nothing for the payer's form to document: no form is offered.
            questionnaire = decision.Referral is null ? Questionnaire(payer, drug, date) : null;
            statement = decision.Referral is { Kind: ReferralKind.ContactPayer }
                ? new(CoverageKind.ContactPayer, "conditional", "conditional", false,
                    $"{policy.PolicyName} does not govern this request ({decision.Referral.Reason}). Contact {payerName} about coverage and prior authorization.")
                : FromDecision(decision, policy);
            // An authorization already granted for the drug over the date of service settles it, whatever this record shows.
            var brand = drug == "everolimus" && (product is "afinitor" or "afinitor-disperz" or "zortress"
                || evidence.Values("brandRequested").OfType<bool>().Contains(true));
            if (call.Authorizations.FirstOrDefault(a => a.Covers(drug, brand, date)) is { } held)
                statement = new(CoverageKind.AuthorizationOnFile, "covered", "satisfied", false,
                    $"{payerName} prior authorization {held.Number} covers {Name(drug)} from {held.Start:yyyy-MM-dd} through "
                    + $"{held.End:yyyy-MM-dd}; no new request is needed for this order.")
                { SatisfiedPaId = held.Number };
        }
        return new OrderAssessment(target, order, MedicationOf(order, resources), drug, product, payer, payerName,
            resources.Coverage is { } coverage ? HookResources.Key(coverage) : null, date, policy, retired, decision, evidence,
            questionnaire, statement);
    }

    private static DateOnly? Day(object value) => value switch
    {
        DateOnly day => day,
        PartialDateTime { Precision: >= DateTimePrecision.Day } p => new DateOnly(p.Year, p.Month, p.Day),
        _ => null,
    };

    private static CoverageStatement UnknownPayer() =>
        new(CoverageKind.UnknownPayer, "conditional", "conditional", false,
            "The coverage names a payer this service holds no policies for. Contact the payer about coverage and prior authorization.");

    /// <summary>
    /// A policy decision as a coverage statement. Not an authorization: CRD tells what the payer requires; an approval
    /// comes only from a submitted request, so an approvable record still needs prior authorization.
    /// </summary>
    private static CoverageStatement FromDecision(Decision decision, LoadedPolicy policy)
    {
        var lines = decision.Summary.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var pathway = decision.Criteria.FirstOrDefault(c => c.Role == ActionRole.Pathway && c.Outcome == CriterionOutcome.Met);
        var met = pathway is null ? "the policy" : $"{pathway.Title} ({pathway.Citation})";
        return decision.Action switch
        {
            ReviewAction.Denied => new(CoverageKind.NotCovered, "not-covered", null, false,
                $"{policy.PolicyName}: {string.Join(" ", lines)}"),
            ReviewAction.Approved => new(CoverageKind.PriorAuthNeeded, "covered", "auth-needed", true,
                $"{policy.PolicyName} requires prior authorization. The record sent meets {met}; submit the request with the documentation."),
            ReviewAction.Modified => new(CoverageKind.PriorAuthNeeded, "covered", "auth-needed", true,
                $"{policy.PolicyName} requires prior authorization. The record sent meets {met}, but the policy limits the request: "
                + string.Join(" ", lines.Skip(1).Select(Limit).DefaultIfEmpty(lines[0])) + "."),
            ReviewAction.Pended when decision.Referral is { } referral => new(CoverageKind.PriorAuthNeeded, "covered", "auth-needed", false,
                $"{policy.PolicyName} requires prior authorization; the request is referred ({referral.Reason}) and a reviewer decides it. "
                + "There is no form to complete."),
            _ => new(CoverageKind.PriorAuthNeeded, "covered", "auth-needed", true,
                $"{policy.PolicyName} requires prior authorization with clinical documentation"
                + (decision.MissingDocumentation.Count > 0 ? ". Not yet documented: " + string.Join("; ", decision.MissingDocumentation) : "")
                + "."),
        };
    }

    /// <summary>"Limit applies — Member must use generic everolimus … (citation): facts" → "Member must use … (citation)".</summary>
    private static string Limit(string line)
    {
        var text = line.Split(": ")[0].Trim();
        var dash = text.IndexOf(" — ", StringComparison.Ordinal);
        return dash >= 0 ? text[(dash + 3)..] : text;
    }

    /// <summary>The DTR form for the payer and drug on the date of service (the same choice $questionnaire-package makes).</summary>
    private string? Questionnaire(string payer, string drug, DateOnly date)
    {
        var forms = catalog.Questionnaires.Values.Where(q => q.Str("status") != "draft" && Covers(q, payer, drug)).ToList();
        var form = forms.FirstOrDefault(q => InEffect(q, date)) ?? forms.FirstOrDefault(q => q.Str("status") == "active");
        if (form?.Str("url") is not { } url)
            return null;
        return form.Str("version") is { } version ? $"{url}|{version}" : url;
    }

    private static bool Covers(JsonObject questionnaire, string payer, string drug)
    {
        var codings = questionnaire.Objects("useContext").SelectMany(u => u.Obj("valueCodeableConcept").Codings()).ToList();
        return codings.Any(c => c.System == CoveragePayer.PayerIdSystem && c.Code == payer)
            && codings.Any(c => c.System == PaDrugSystem && c.Code == drug);
    }

    private static bool InEffect(JsonObject questionnaire, DateOnly date)
    {
        var period = questionnaire.Obj("effectivePeriod");
        return (QuestionnaireScope.Day(period.Str("start")) is not { } start || start <= date)
            && (QuestionnaireScope.Day(period.Str("end")) is not { } end || date <= end);
    }

    private static JsonObject? MedicationOf(JsonObject order, HookResources resources)
    {
        if (order.Obj("medicationCodeableConcept") is { } concept)
            return concept;
        var reference = order.Obj("medicationReference").Str("reference");
        var medication = reference is not null && reference.StartsWith('#')
            ? order.Objects("contained").FirstOrDefault(c => c.Str("id") == reference[1..])
            : resources.Resolve(reference);
        return medication.Obj("code") ?? order.Obj("code");
    }

    /// <summary>The insurer's name: the registry's for a known payer, else what the Coverage's payor says.</summary>
    private static string PayerName(string? payer, HookResources resources)
    {
        if (payer is not null && PayerNames.TryGetValue(payer, out var known))
            return known;
        var payor = resources.Coverage.Objects("payor").FirstOrDefault();
        var name = resources.Resolve(payor.Str("reference")).Str("name") ?? payor.Str("display");
        return string.IsNullOrWhiteSpace(name) ? "The health plan" : name.Trim();
    }

    public static string Name(string drug) => drug switch
    {
        "lutathera" => "Lutathera",
        "everolimus" => "everolimus",
        _ => drug,
    };

    /// <summary>
    /// The request narrowed to one order, so each order is decided on its own: the order as the only draft order,
    /// the user and every prefetched resource (copied: a JSON node has one parent).
    /// </summary>
    private static JsonObject SingleOrderRequest(JsonObject request, JsonObject order, HookResources resources)
    {
        var context = new JsonObject
        {
            ["draftOrders"] = new JsonObject
            {
                ["resourceType"] = "Bundle",
                ["type"] = "collection",
                ["entry"] = new JsonArray(new JsonObject { ["resource"] = order.DeepClone() }),
            },
        };
        if (request.Obj("context").Str("userId") is { } user)
            context["userId"] = user;
        var single = new JsonObject { ["context"] = context };
        if (request.Obj("prefetch") is { } prefetch)
            single["prefetch"] = WithoutOtherTargets(prefetch, order, resources);
        return single;
    }

    /// <summary>
    /// The prefetch without the call's other orders in scope: the evidence of one order never reads another order (therapy
    /// history comes from MedicationStatement and MedicationAdministration), and copying every order into every order's
    /// request made a call with n orders cost n² (issue 10: 10,000 orders took two minutes).
    /// </summary>
    private static JsonObject WithoutOtherTargets(JsonObject prefetch, JsonObject order, HookResources resources)
    {
        bool Kept(JsonNode? node) => node is not JsonObject resource || ReferenceEquals(resource, order) || !resources.IsTarget(resource);
        var copy = new JsonObject();
        foreach (var (key, value) in prefetch)
        {
            if (value is JsonObject bundle && bundle.Str("resourceType") == "Bundle" && bundle["entry"] is JsonArray entries)
            {
                var trimmed = new JsonObject();
                foreach (var (name, member) in bundle)
                    trimmed[name] = name == "entry"
                        ? new JsonArray([.. entries.Where(e => Kept((e as JsonObject)?["resource"])).Select(e => e?.DeepClone())])
                        : member?.DeepClone();
                copy[key] = trimmed;
            }
            else if (Kept(value))
                copy[key] = value?.DeepClone();
        }
        return copy;
    }
}
