using System.Text.Json.Nodes;
using static FhirPriorAuth.Server.Tests.Crd.Responses.CrdCalls;

namespace FhirPriorAuth.Server.Tests.Crd.Responses;

public sealed class EverolimusResponseTests
{
    [Fact]
    public void Brand_Afinitor_under_Centene_gets_a_suggestion_to_order_generic_everolimus_of_the_same_strength()
    {
        var request = CenteneEverolimus().BuildCrdRequest();
        var order = Draft(request);
        var response = Respond(request);

        var card = Assert.Single(Cards(response, "therapy-alternatives-opt"));
        Assert.Contains("generic everolimus", card["summary"]!.GetValue<string>());
        Assert.Equal("at-most-one", card["selectionBehavior"]!.GetValue<string>());
        var action = Assert.Single(Assert.Single(card["suggestions"]!.AsArray())!["actions"]!.AsArray())!.AsObject();
        Assert.Equal("update", action["type"]!.GetValue<string>());
        var updated = action["resource"]!.AsObject();
        Assert.Equal(order["id"]!.GetValue<string>(), updated["id"]!.GetValue<string>());
        Assert.Null(updated["medicationReference"]);
        var medication = updated["medicationCodeableConcept"]!;
        Assert.Equal("0054-0482", medication["coding"]![0]!["code"]!.GetValue<string>());
        Assert.Contains("10 mg tablet (generic)", medication["text"]!.GetValue<string>());
        // The dose instructions are the clinician's, unchanged.
        Assert.True(JsonNode.DeepEquals(order["dosageInstruction"], updated["dosageInstruction"]));
    }

    [Fact]
    public void Brand_Afinitor_under_Centene_needs_prior_authorization_with_the_Centene_form()
    {
        var request = CenteneEverolimus().BuildCrdRequest();
        var response = Respond(request);

        var parts = CrdResponseAssert.CoverageInformation(Assert.Single(SystemActions(response)), Draft(request));
        Assert.Equal("auth-needed", CrdResponseAssert.Code(parts["pa-needed"].Single()));
        Assert.Equal("http://fhirpriorauth.example.org/fhir/Questionnaire/centene-everolimus|1.0.0",
            parts["questionnaire"].Single()["valueCanonical"]!.GetValue<string>());
        Assert.Equal("0078-0567-51", parts["billingCode"].Single()["valueCoding"]!["code"]!.GetValue<string>());
        var detail = Assert.Single(Instructions(response))["detail"]!.GetValue<string>();
        Assert.Contains("Generic everolimus must be used", detail);
        Assert.Contains("at most 20 mg a day", detail);
        Assert.Contains("oncologist", detail);
    }

    [Fact]
    public void Generic_everolimus_under_Centene_gets_no_alternative_but_the_same_requirements()
    {
        var request = CenteneEverolimus(ndc: "0054-0482-21").BuildCrdRequest();
        var response = Respond(request);

        Assert.Empty(Cards(response, "therapy-alternatives-opt"));
        var parts = CrdResponseAssert.CoverageInformation(Assert.Single(SystemActions(response)), Draft(request));
        Assert.Equal("auth-needed", CrdResponseAssert.Code(parts["pa-needed"].Single()));
        Assert.Single(Instructions(response));
        // Companion orders are a Lutathera matter.
        Assert.Empty(Cards(response, "clinical-reminder"));
    }

    [Fact]
    public void A_documented_reason_against_the_generic_suppresses_the_alternative()
    {
        var request = CenteneEverolimus().Flag("generic-not-suitable", true).BuildCrdRequest();
        var response = Respond(request);

        Assert.Empty(Cards(response, "therapy-alternatives-opt"));
    }

    [Fact]
    public void Pharmacy_everolimus_of_a_payer_without_an_everolimus_policy_is_left_to_the_pharmacy_benefit()
    {
        var request = SetPayer(CenteneEverolimus().BuildCrdRequest(), "wellmark");
        var response = Respond(request);

        var parts = CrdResponseAssert.CoverageInformation(Assert.Single(SystemActions(response)), Draft(request));
        Assert.Equal("conditional", CrdResponseAssert.Code(parts["covered"].Single()));
        Assert.Equal("conditional", CrdResponseAssert.Code(parts["pa-needed"].Single()));
        Assert.Contains("pharmacy benefit", parts["reason"].Single()["valueCodeableConcept"]!["text"]!.GetValue<string>());
        Assert.Contains("pharmacy benefit", Assert.Single(Cards(response, "coverage-info"))["summary"]!.GetValue<string>());
        Assert.Empty(Cards(response, "therapy-alternatives-opt"));
        Assert.Empty(Cards(response, "guideline"));
    }

    [Fact]
    public void A_Disperz_strength_without_a_verified_generic_code_is_ordered_by_ingredient_and_still_read_as_everolimus()
    {
        var request = CenteneDisperz(strengthMg: 2).BuildCrdRequest();
        var response = Respond(request);

        var action = Assert.Single(Assert.Single(Assert.Single(Cards(response, "therapy-alternatives-opt"))["suggestions"]!.AsArray())!["actions"]!.AsArray())!.AsObject();
        var updated = action["resource"]!.AsObject();
        Assert.Equal("141704", updated["medicationCodeableConcept"]!["coding"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("everolimus 2 mg tablet for oral suspension (generic)", updated["medicationCodeableConcept"]!["text"]!.GetValue<string>());

        // Accepting the suggestion and signing again: the same policy governs, and no further alternative is proposed.
        request["context"]!["draftOrders"]!["entry"]![0]!["resource"] = updated.DeepClone();
        var again = Respond(request);
        var parts = CrdResponseAssert.CoverageInformation(Assert.Single(SystemActions(again)), Draft(request));
        Assert.Equal("auth-needed", CrdResponseAssert.Code(parts["pa-needed"].Single()));
        Assert.Empty(Cards(again, "therapy-alternatives-opt"));
    }
}
