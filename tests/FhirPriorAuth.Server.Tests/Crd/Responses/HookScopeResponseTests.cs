using System.Text.Json.Nodes;
using static FhirPriorAuth.Server.Tests.Crd.Responses.CrdCalls;

namespace FhirPriorAuth.Server.Tests.Crd.Responses;

public sealed class HookScopeResponseTests
{
    private static string AssertionId(JsonObject response, int index = 0) =>
        CrdResponseAssert.Str(SystemActions(response)[index]["resource"]!["extension"]!.AsArray().Cast<JsonObject>()
            .Single(e => CrdResponseAssert.Str(e, "url") == CrdResponseAssert.CoverageInformationUrl)["extension"]!.AsArray().Cast<JsonObject>()
            .Single(p => CrdResponseAssert.Str(p, "url") == "coverage-assertion-id"), "valueString");

    [Fact]
    public void The_coverage_assertion_id_is_the_same_for_the_same_request_and_differs_for_a_different_order()
    {
        var first = Respond(WellmarkLutathera().BuildCrdRequest());
        var again = Respond(WellmarkLutathera().BuildCrdRequest());
        var changed = WellmarkLutathera().BuildCrdRequest();
        Draft(changed)["id"] = "another-order";

        Assert.Equal(AssertionId(first), AssertionId(again));
        Assert.NotEqual(AssertionId(first), AssertionId(Respond(changed)));
    }

    [Fact]
    public void An_earlier_annotation_on_the_order_is_replaced_not_repeated()
    {
        var first = Respond(WellmarkLutathera().BuildCrdRequest());
        var resent = WellmarkLutathera().BuildCrdRequest();
        resent["context"]!["draftOrders"]!["entry"]![0]!["resource"] = SystemActions(first)[0]["resource"]!.DeepClone();
        var response = Respond(resent);

        CrdResponseAssert.CoverageInformation(Assert.Single(SystemActions(response)), Draft(resent));
        Assert.Equal(AssertionId(first), AssertionId(response));
    }

    [Fact]
    public void Order_select_annotates_only_the_selection_and_asks_for_no_documentation()
    {
        var request = WellmarkLutathera().BuildCrdRequest("order-select");
        request["context"]!["draftOrders"]!["entry"]!.AsArray().Add(new JsonObject { ["resource"] = LabOnly("wellmark")["context"]!["draftOrders"]!["entry"]![0]!["resource"]!.DeepClone() });
        var response = Respond(request);

        var parts = CrdResponseAssert.CoverageInformation(Assert.Single(SystemActions(response)), Draft(request));
        Assert.Equal("auth-needed", CrdResponseAssert.Code(parts["pa-needed"].Single()));
        Assert.Empty(parts["doc-needed"]);
        Assert.Empty(parts["questionnaire"]);
        Assert.Null(Assert.Single(Cards(response, "coverage-info"))["links"]);
    }

    [Fact]
    public void Order_dispatch_annotates_the_dispatched_order_in_either_hook_version()
    {
        foreach (var version in new[] { "1.0", "1.1" })
        {
            var sign = WellmarkLutathera().BuildCrdRequest();
            var order = Draft(sign).DeepClone().AsObject();
            var context = new JsonObject { ["patientId"] = "patient", ["performer"] = "Organization/infusion-center" };
            if (version == "1.0") context["order"] = "MedicationRequest/lutathera-order";
            else context["dispatchedOrders"] = new JsonArray("MedicationRequest/lutathera-order");
            var prefetch = sign["prefetch"]!.DeepClone().AsObject();
            prefetch["order"] = order.DeepClone();
            var request = new JsonObject
            {
                ["hook"] = "order-dispatch", ["hookInstance"] = "8c4e2d5a-6a0b-4f57-9d40-1e0f3a6b7c21",
                ["context"] = context, ["prefetch"] = prefetch,
            };
            var response = Respond(request);

            var parts = CrdResponseAssert.CoverageInformation(Assert.Single(SystemActions(response)), order);
            Assert.Equal("auth-needed", CrdResponseAssert.Code(parts["pa-needed"].Single()));
            // Proposing new orders belongs to ordering, not to dispatch.
            Assert.Empty(Cards(response, "clinical-reminder"));
        }
    }

    [Fact]
    public void Appointment_book_annotates_the_appointment_with_the_decision_for_the_order_it_books()
    {
        var sign = WellmarkLutathera().BuildCrdRequest();
        var appointment = new JsonObject
        {
            ["resourceType"] = "Appointment", ["id"] = "infusion-1", ["status"] = "proposed",
            ["basedOn"] = new JsonArray(new JsonObject { ["reference"] = "MedicationRequest/lutathera-order" }),
            ["participant"] = new JsonArray(new JsonObject
            {
                ["actor"] = new JsonObject { ["reference"] = "Patient/patient" }, ["status"] = "accepted",
            }),
        };
        var prefetch = sign["prefetch"]!.DeepClone().AsObject();
        prefetch["orders"] = new JsonObject
        {
            ["resourceType"] = "Bundle", ["type"] = "searchset",
            ["entry"] = new JsonArray(new JsonObject { ["resource"] = Draft(sign).DeepClone() }),
        };
        var request = new JsonObject
        {
            ["hook"] = "appointment-book", ["hookInstance"] = "2f4a8b1c-3d5e-4f60-8a7b-9c0d1e2f3a4b",
            ["context"] = new JsonObject
            {
                ["userId"] = "PractitionerRole/prescriber", ["patientId"] = "patient",
                ["appointments"] = new JsonObject
                {
                    ["resourceType"] = "Bundle", ["type"] = "collection",
                    ["entry"] = new JsonArray(new JsonObject { ["resource"] = appointment.DeepClone() }),
                },
            },
            ["prefetch"] = prefetch,
        };
        var response = Respond(request);

        var action = Assert.Single(SystemActions(response));
        Assert.Equal("Appointment", action["resource"]!["resourceType"]!.GetValue<string>());
        var parts = CrdResponseAssert.CoverageInformation(action, appointment);
        Assert.Equal("auth-needed", CrdResponseAssert.Code(parts["pa-needed"].Single()));
        Assert.Equal("A9513", parts["billingCode"].Single()["valueCoding"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public void A_client_asking_for_CRD_2_2_gets_the_2_2_card_type_system()
    {
        var request = WellmarkLutathera().BuildCrdRequest();
        request["extension"] = new JsonObject { ["davinci-crd.requestedVersion"] = "2.2" };
        var response = Respond(request);

        Assert.NotEmpty(Cards(response));
        Assert.All(Cards(response), c => Assert.Equal("http://terminology.hl7.org/CodeSystem/cdshooks-card-type", c["source"]!["topic"]!["system"]!.GetValue<string>()));
        Assert.All(Cards(Respond(WellmarkLutathera().BuildCrdRequest())),
            c => Assert.Equal("http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp", c["source"]!["topic"]!["system"]!.GetValue<string>()));
    }

    [Fact]
    public void Encounter_start_without_orders_returns_no_system_action()
    {
        var sign = WellmarkLutathera().BuildCrdRequest();
        var request = new JsonObject
        {
            ["hook"] = "encounter-start", ["hookInstance"] = "5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e",
            ["context"] = new JsonObject { ["userId"] = "Practitioner/prescriber", ["patientId"] = "patient", ["encounterId"] = "visit" },
            ["prefetch"] = sign["prefetch"]!.DeepClone(),
        };
        var response = Respond(request);

        Assert.Empty(SystemActions(response));
        Assert.Empty(Cards(response));
    }

    [Fact]
    public void Encounter_start_annotates_the_orders_prefetched_for_the_encounter_without_asking_for_documentation()
    {
        var sign = WellmarkLutathera().BuildCrdRequest();
        var order = Draft(sign).DeepClone().AsObject();
        order["status"] = "active";
        var prefetch = sign["prefetch"]!.DeepClone().AsObject();
        prefetch["orders"] = new JsonObject
        {
            ["resourceType"] = "Bundle", ["type"] = "searchset",
            ["entry"] = new JsonArray(new JsonObject { ["resource"] = order.DeepClone() }),
        };
        var request = new JsonObject
        {
            ["hook"] = "encounter-start", ["hookInstance"] = "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d",
            ["context"] = new JsonObject { ["userId"] = "Practitioner/prescriber", ["patientId"] = "patient", ["encounterId"] = "visit" },
            ["prefetch"] = prefetch,
        };
        var response = Respond(request);

        var parts = CrdResponseAssert.CoverageInformation(Assert.Single(SystemActions(response)), order);
        Assert.Equal("auth-needed", CrdResponseAssert.Code(parts["pa-needed"].Single()));
        Assert.Empty(parts["doc-needed"]);
        Assert.Empty(Cards(response, "clinical-reminder"));
    }
}
