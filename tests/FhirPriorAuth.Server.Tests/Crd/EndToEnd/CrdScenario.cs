using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Tests.Builders;
using FhirPriorAuth.Server.CdsHooks.Prefetch;
using FhirPriorAuth.Server.Crd;
using FhirPriorAuth.Server.Tests.Crd.Responses;

namespace FhirPriorAuth.Server.Tests.Crd.EndToEnd;

/// <summary>
/// One patient, payer and order of the acceptance matrix, and what the payer's policies must say about it.
/// <see cref="Questionnaire"/> is the DTR form primary hooks ask for (null: no documentation is asked for);
/// <see cref="Reason"/> are phrases the coverage-information reason must hold.
/// </summary>
internal sealed record CrdScenario(
    string Name, Func<PasRequestBuilder> Builder, string PayerName, string Covered, string PaNeeded, string? Questionnaire,
    string BillingCode, string[] Reason, bool GenericSuggested)
{
    public const string Encounter = "visit";
    public const string Performer = "Organization/infusion-center";
    public const string Appointment = "infusion-1";

    public static readonly CrdScenario WellmarkLutathera = new("wellmark-lutathera", CrdCalls.WellmarkLutathera,
        "Wellmark Blue Cross and Blue Shield", "covered", "auth-needed",
        "http://fhirpriorauth.example.org/fhir/Questionnaire/wellmark-lutathera|1.0.0", "A9513", ["Wellmark 06.01.38"], false);

    // MP 2.371 was retired on 2026-01-31 and nothing replaced it: the honest answer is "ask the payer", not a guess.
    public static readonly CrdScenario CapitalBlueCrossLutathera = new("capital-blue-cross-lutathera",
        () => CrdCalls.CapitalBlueCrossLutathera(new DateOnly(2026, 3, 2)), "Capital Blue Cross", "conditional", "conditional", null,
        "A9513", ["Capital Blue Cross MP 2.371", "2026-01-31", "retired", "Contact Capital Blue Cross"], false);

    public static readonly CrdScenario CenteneAfinitor = new("centene-afinitor", () => CrdCalls.CenteneEverolimus(),
        "Centene", "covered", "auth-needed", "http://fhirpriorauth.example.org/fhir/Questionnaire/centene-everolimus|1.0.0",
        "0078-0567-51", ["Centene"], true);

    public static readonly CrdScenario CenteneGeneric = new("centene-generic-everolimus", () => CrdCalls.CenteneEverolimus(ndc: "0054-0482-21"),
        "Centene", "covered", "auth-needed", "http://fhirpriorauth.example.org/fhir/Questionnaire/centene-everolimus|1.0.0",
        "0054-0482-21", ["Centene"], false);

    public static readonly IReadOnlyList<CrdScenario> All = [WellmarkLutathera, CapitalBlueCrossLutathera, CenteneAfinitor, CenteneGeneric];

    public static CrdScenario Named(string name) => All.Single(s => s.Name == name);

    /// <summary>The hooks of the matrix: every service, order-dispatch in both context shapes.</summary>
    public static readonly string[] Hooks =
        ["order-sign", "order-select", "order-dispatch-1.0", "order-dispatch-1.1", "appointment-book", "encounter-start", "encounter-discharge"];

    public static string ServiceOf(string hook) => "crd-" + (hook.StartsWith("order-dispatch", StringComparison.Ordinal) ? "order-dispatch" : hook);

    /// <summary>order-sign, order-dispatch and appointment-book: where documentation and the DTR form may be asked for.</summary>
    public static bool IsPrimary(string hook) => hook is "order-sign" or "appointment-book" || hook.StartsWith("order-dispatch", StringComparison.Ordinal);

    public static bool IsOrdering(string hook) => hook is "order-sign" or "order-select";

    /// <summary>The scenario's request built once: its draft order and every other resource the EHR holds.</summary>
    public (JsonObject Order, EhrRecord Ehr) Record()
    {
        var sign = Builder().BuildCrdRequest();
        var order = CrdCalls.Draft(sign).DeepClone().AsObject();
        var resources = new List<JsonObject> { order };
        foreach (var (_, value) in sign["prefetch"]!.AsObject())
            if ((string?)value!["resourceType"] == "Bundle")
                resources.AddRange(value["entry"]!.AsArray().Select(e => e!["resource"]!.AsObject()));
            else
                resources.Add(value.AsObject());
        resources.Add(new JsonObject
        {
            ["resourceType"] = "Encounter", ["id"] = Encounter, ["status"] = "in-progress",
            ["class"] = new JsonObject { ["system"] = "http://terminology.hl7.org/CodeSystem/v3-ActCode", ["code"] = "AMB" },
            ["subject"] = new JsonObject { ["reference"] = "Patient/patient" },
        });
        resources.Add(new JsonObject { ["resourceType"] = "Organization", ["id"] = "infusion-center", ["name"] = "Infusion center" });
        return (order, new EhrRecord(resources.Select(r => r.DeepClone().AsObject()).ToList()));
    }

    /// <summary>
    /// The hook request for this scenario, and the resource its coverage information must annotate (the order, or the
    /// appointment booking it). With <paramref name="prefetch"/> every key the service advertises is filled from the EHR's
    /// record (what a conformant EHR sends); without, the service must read them from <paramref name="fhirServer"/>.
    /// appointment-book and encounter-* carry the orders the visit is for under an extra <c>orders</c> key (the service
    /// does not advertise one), as the responder reads them.
    /// </summary>
    public (JsonObject Request, JsonObject Target) Request(string hook, bool prefetch, string fhirServer, string accessToken)
    {
        var (order, ehr) = Record();
        var orderRef = $"MedicationRequest/{order["id"]}";
        JsonObject target = order;
        JsonObject Collection(JsonObject resource) => new()
        {
            ["resourceType"] = "Bundle", ["type"] = "collection", ["entry"] = new JsonArray(new JsonObject { ["resource"] = resource.DeepClone() }),
        };
        var context = new JsonObject { ["patientId"] = "patient" };
        switch (hook)
        {
            case "order-sign" or "order-select":
                context["userId"] = "PractitionerRole/prescriber";
                context["encounterId"] = Encounter;
                context["draftOrders"] = Collection(order);
                if (hook == "order-select")
                    context["selections"] = new JsonArray(orderRef);
                break;
            case "order-dispatch-1.0":
                context["order"] = orderRef;
                context["performer"] = Performer;
                break;
            case "order-dispatch-1.1":
                context["dispatchedOrders"] = new JsonArray(orderRef);
                context["performer"] = Performer;
                break;
            case "appointment-book":
                target = new JsonObject
                {
                    ["resourceType"] = "Appointment", ["id"] = Appointment, ["status"] = "proposed",
                    ["basedOn"] = new JsonArray(new JsonObject { ["reference"] = orderRef }),
                    ["participant"] = new JsonArray(new JsonObject
                    {
                        ["actor"] = new JsonObject { ["reference"] = "Patient/patient" }, ["status"] = "accepted",
                    }),
                };
                context["userId"] = "PractitionerRole/prescriber";
                context["encounterId"] = Encounter;
                context["appointments"] = Collection(target);
                break;
            default:
                context["userId"] = "PractitionerRole/prescriber";
                context["encounterId"] = Encounter;
                break;
        }
        var service = ServiceOf(hook);
        var definition = CrdHooks.All.Single(h => h.ServiceId == service);
        var sent = new JsonObject();
        if (prefetch)
            foreach (var (key, template) in definition.Prefetch)
            {
                var query = key == CrdHooks.Order ? orderRef : PrefetchTemplate.Resolve(template, context);
                if (query is not null)
                    sent[key] = ehr.Answer(query);
            }

        var request = new JsonObject
        {
            ["hook"] = definition.Hook,
            ["hookInstance"] = Guid.NewGuid().ToString(),
            ["fhirServer"] = fhirServer,
            ["fhirAuthorization"] = new JsonObject
            {
                ["access_token"] = accessToken, ["token_type"] = "Bearer", ["expires_in"] = 300,
                ["scope"] = "user/Patient.read user/Coverage.read user/MedicationRequest.read", ["subject"] = "crd-payer",
            },
            ["context"] = context,
        };
        if (sent.Count > 0)
            request["prefetch"] = sent;
        return (request, target);
    }
}
