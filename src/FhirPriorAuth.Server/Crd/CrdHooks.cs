using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Evidence;
using FhirPriorAuth.Server.FhirApi;

namespace FhirPriorAuth.Server.Crd;

/// <summary>
/// The six CRD 2.0.1 hooks this server answers. Prefetch asks for what every coverage decision needs (patient, active
/// coverage with its payer, the user, the encounter) and, on the order hooks, the draft MedicationRequests with their
/// requesters and the clinical facts the Lutathera and everolimus policies read (shared clinical-evidence contract).
/// Context rules accept CRD 2.1/2.2 shapes too (order-dispatch 1.0 <c>order</c>/<c>task</c> and 1.1
/// <c>dispatchedOrders</c>/<c>fulfillmentTasks</c>); unknown context members are ignored.
/// </summary>
internal static partial class CrdHooks
{
    public const string Patient = "patient";
    public const string Coverage = "coverage";
    public const string Order = "order";

    private static readonly KeyValuePair<string, string> PatientRead = new(Patient, "Patient/{{context.patientId}}");
    private static readonly KeyValuePair<string, string> CoverageSearch =
        new(Coverage, "Coverage?patient={{context.patientId}}&status=active&_include=Coverage:payor");
    private static readonly KeyValuePair<string, string> User = new("user", "{{context.userId}}");
    private static readonly KeyValuePair<string, string> EncounterRead = new("encounter", "Encounter/{{context.encounterId}}");

    // CRD 2.0.1 "Additional prefetch capabilities": the pre-adopted draftOrders token, with the requester and medication.
    private static readonly KeyValuePair<string, string> MedicationRequests = new("medicationRequests",
        "MedicationRequest?_id={{context.draftOrders.MedicationRequest.id}}&_include=MedicationRequest:requester"
        + "&_include=MedicationRequest:medication&_include:iterate=PractitionerRole:practitioner");

    // The visit hooks carry no orders in their context: the patient's open medication orders (with their Medication)
    // are what an appointment is based on or an encounter continues, so coverage can be said for them.
    private const string OpenOrders = "MedicationRequest?patient={{context.patientId}}&status=active,draft,on-hold"
        + "&_include=MedicationRequest:medication";
    private static readonly KeyValuePair<string, string> VisitOrders = new("orders", OpenOrders);
    private static readonly KeyValuePair<string, string> EncounterOrders = new("orders", OpenOrders + "&encounter={{context.encounterId}}");

    private static readonly string[] LoincFacts =
    [
        "29593-1", "21907-1", "97509-4", "89243-0", "35591-7", "2160-0", "29463-7", "777-3", "718-7", "751-8",
        "1975-2", "1751-7", "6301-6", "85337-4", "85339-0", "85319-2",
    ];

    private static readonly string[] EvidenceFacts =
    [
        "resectability", "mitotic-rate", "tumor-necrosis", "sstr-imaging", "tumor-burden-significant",
        "carcinoid-syndrome-uncontrolled", "adequate-organ-function", "generic-not-suitable",
    ];

    private static readonly KeyValuePair<string, string>[] Clinical =
    [
        new("conditions", "Condition?patient={{context.patientId}}"),
        new("observations", "Observation?patient={{context.patientId}}&code="
            + string.Join(',', LoincFacts.Select(c => $"{FactCatalog.Loinc}|{c}").Concat(EvidenceFacts.Select(c => $"{FactCatalog.PaEvidence}|{c}")))
            + "&_sort=-date&_count=200"),
        new("medicationStatements", "MedicationStatement?patient={{context.patientId}}"),
        new("medicationAdministrations", "MedicationAdministration?patient={{context.patientId}}"),
    ];

    public static IReadOnlyList<CrdHookDefinition> All { get; } =
    [
        new("order-sign", "crd-order-sign", "Coverage requirements when an order is signed",
            "Da Vinci CRD: whether the signed orders (Lutathera, everolimus) are covered and need prior authorization or documentation, "
            + "as a coverage-information system action and cards.",
            [PatientRead, CoverageSearch, User, EncounterRead, MedicationRequests, .. Clinical], [Patient, Coverage],
            (c, issues) => { Users(c, issues); Patients(c, issues); OptionalString(c, "encounterId", issues); Bundle(c, "draftOrders", issues); }),
        new("order-select", "crd-order-select", "Coverage guidance when an order is selected",
            "Da Vinci CRD: early coverage guidance for the selected draft orders, and prefetching for order-sign.",
            [PatientRead, CoverageSearch, User, EncounterRead, MedicationRequests, .. Clinical], [Patient, Coverage],
            (c, issues) => { Users(c, issues); Patients(c, issues); OptionalString(c, "encounterId", issues); Bundle(c, "draftOrders", issues); Selections(c, issues); }),
        new("order-dispatch", "crd-order-dispatch", "Coverage requirements when an order is dispatched to a performer",
            "Da Vinci CRD: coverage and prior-authorization requirements for the performer of a dispatched order.",
            [PatientRead, CoverageSearch, new(Order, "{{context.order}}"), new("performer", "{{context.performer}}"), .. Clinical],
            [Patient, Coverage, Order], Dispatch),
        new("appointment-book", "crd-appointment-book", "Coverage requirements when an appointment is booked",
            "Da Vinci CRD: coverage and prior-authorization requirements for the booked appointments (e.g. a Lutathera infusion).",
            [PatientRead, CoverageSearch, User, EncounterRead, VisitOrders], [Patient, Coverage],
            (c, issues) => { Users(c, issues); Patients(c, issues); OptionalString(c, "encounterId", issues); Bundle(c, "appointments", issues); }),
        new("encounter-start", "crd-encounter-start", "Coverage reminders when an encounter starts",
            "Da Vinci CRD: coverage reminders at the start of an encounter, and prefetching for later order hooks.",
            [PatientRead, CoverageSearch, User, EncounterRead, EncounterOrders], [Patient, Coverage], Encounter),
        new("encounter-discharge", "crd-encounter-discharge", "Coverage reminders at discharge",
            "Da Vinci CRD: coverage reminders when a patient is discharged (e.g. everolimus to continue after a transplant stay).",
            [PatientRead, CoverageSearch, User, EncounterRead, EncounterOrders], [Patient, Coverage], Encounter),
    ];

    private static void Encounter(JsonObject context, List<OutcomeIssue> issues)
    {
        Users(context, issues);
        Patients(context, issues);
        RequiredString(context, "encounterId", issues);
    }

    /// <summary>order-dispatch 1.0 (CRD 2.0.1): order, performer, task; 1.1 (CRD 2.2): dispatchedOrders, performer, fulfillmentTasks.</summary>
    private static void Dispatch(JsonObject context, List<OutcomeIssue> issues)
    {
        Patients(context, issues);
        RequiredString(context, "performer", issues);
        var single = context["order"] is not null;
        var many = context["dispatchedOrders"] is not null;
        if (!single && !many)
            issues.Add(OutcomeIssue.Error(IssueTypes.Required, "context.order (or context.dispatchedOrders) is required", "context.order"));
        if (single && !IsReference(Str(context["order"])))
            issues.Add(OutcomeIssue.Error(IssueTypes.Value, "context.order must be a relative reference such as MedicationRequest/123", "context.order"));
        if (many && (context["dispatchedOrders"] is not JsonArray orders || orders.Count == 0 || orders.Any(o => !IsReference(Str(o)))))
            issues.Add(OutcomeIssue.Error(IssueTypes.Structure, "context.dispatchedOrders must be a non-empty array of relative references", "context.dispatchedOrders"));
        if (context["task"] is { } task && task is not JsonObject)
            issues.Add(OutcomeIssue.Error(IssueTypes.Structure, "context.task must be a Task resource", "context.task"));
        if (context["fulfillmentTasks"] is { } tasks && tasks is not JsonArray)
            issues.Add(OutcomeIssue.Error(IssueTypes.Structure, "context.fulfillmentTasks must be an array of Task resources", "context.fulfillmentTasks"));
    }

    /// <summary>The order references of an order-dispatch context, whichever hook version sent it.</summary>
    public static IReadOnlyList<string> DispatchedOrders(JsonObject context) =>
        Str(context["order"]) is { } order ? [order]
        : (context["dispatchedOrders"] as JsonArray ?? []).Select(Str).OfType<string>().ToList();

    private static bool IsReference(string? value) => value is not null && Reference().IsMatch(value);

    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Z][A-Za-z]{1,63}/[A-Za-z0-9\-\.]{1,64}$")]
    private static partial System.Text.RegularExpressions.Regex Reference();

    private static void Users(JsonObject context, List<OutcomeIssue> issues) => RequiredString(context, "userId", issues);

    private static void Patients(JsonObject context, List<OutcomeIssue> issues) => RequiredString(context, "patientId", issues);

    private static void Selections(JsonObject context, List<OutcomeIssue> issues)
    {
        if (context["selections"] is not JsonArray selections || selections.Count == 0 || selections.Any(s => Str(s) is not { Length: > 0 }))
            issues.Add(OutcomeIssue.Error(IssueTypes.Required, "context.selections is required: an array of references to draft orders", "context.selections"));
    }

    private static void Bundle(JsonObject context, string name, List<OutcomeIssue> issues)
    {
        if (context[name] is not JsonObject bundle || Str(bundle["resourceType"]) != "Bundle")
        {
            issues.Add(OutcomeIssue.Error(IssueTypes.Required, $"context.{name} is required and must be a Bundle", $"context.{name}"));
            return;
        }
        var resources = (bundle["entry"] as JsonArray ?? []).Select(e => (e as JsonObject)?["resource"] as JsonObject).ToList();
        if (resources.Count == 0 || resources.Any(r => Str(r?["resourceType"]) is null))
            issues.Add(OutcomeIssue.Error(IssueTypes.Required, $"context.{name} must hold at least one entry, each with a resource", $"context.{name}.entry"));
    }

    private static void RequiredString(JsonObject context, string name, List<OutcomeIssue> issues)
    {
        if (Str(context[name]) is not { Length: > 0 })
            issues.Add(OutcomeIssue.Error(IssueTypes.Required, $"context.{name} is required and must be a non-empty string", $"context.{name}"));
    }

    private static void OptionalString(JsonObject context, string name, List<OutcomeIssue> issues)
    {
        if (context[name] is { } value && Str(value) is not { Length: > 0 })
            issues.Add(OutcomeIssue.Error(IssueTypes.Value, $"context.{name} must be a non-empty string", $"context.{name}"));
    }

    private static string? Str(JsonNode? node) => FhirPriorAuth.Server.CdsHooks.CdsRequestEnvelope.String(node);
}
