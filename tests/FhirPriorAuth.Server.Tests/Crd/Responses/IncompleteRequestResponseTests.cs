using System.Text.Json.Nodes;
using static FhirPriorAuth.Server.Tests.Crd.Responses.CrdCalls;

namespace FhirPriorAuth.Server.Tests.Crd.Responses;

/// <summary>The endpoint validates requests, but the responder must still answer whatever reaches it without failing.</summary>
public sealed class IncompleteRequestResponseTests
{
    [Fact]
    public void A_request_with_nothing_in_context_gets_an_empty_answer()
    {
        var response = Respond(new JsonObject { ["hook"] = "order-sign", ["context"] = new JsonObject() });

        Assert.Empty(Cards(response));
        Assert.Null(response["systemActions"]);
    }

    [Fact]
    public void Prefetch_keys_that_found_nothing_are_ignored()
    {
        var request = WellmarkLutathera().BuildCrdRequest();
        request["prefetch"]!["practitioner"] = null;
        request["prefetch"]!["encounter"] = new JsonObject { ["resourceType"] = "OperationOutcome", ["issue"] = new JsonArray(new JsonObject { ["severity"] = "error", ["code"] = "not-found" }) };
        var response = Respond(request);

        Assert.Single(SystemActions(response));
    }

    [Fact]
    public void A_draft_order_without_an_id_cannot_be_annotated()
    {
        var request = WellmarkLutathera().BuildCrdRequest();
        Draft(request).Remove("id");
        var response = Respond(request);

        Assert.Empty(SystemActions(response));
    }

    [Fact]
    public void A_selection_naming_no_draft_order_annotates_nothing()
    {
        var request = WellmarkLutathera().BuildCrdRequest("order-select");
        request["context"]!["selections"] = new JsonArray("MedicationRequest/elsewhere");
        var response = Respond(request);

        Assert.Empty(SystemActions(response));
    }
}
