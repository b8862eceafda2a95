using static FhirPriorAuth.Server.Tests.Crd.Responses.CrdCalls;

namespace FhirPriorAuth.Server.Tests.Crd.Responses;

public sealed class OutsidePolicyResponseTests
{
    [Fact]
    public void A_payer_this_service_does_not_know_gets_conditional_coverage_and_one_contact_the_payer_card()
    {
        var request = SetPayer(WellmarkLutathera().BuildCrdRequest(), "acme-health");
        var response = Respond(request);

        var parts = CrdResponseAssert.CoverageInformation(Assert.Single(SystemActions(response)), Draft(request));
        Assert.Equal("conditional", CrdResponseAssert.Code(parts["covered"].Single()));
        Assert.Equal("conditional", CrdResponseAssert.Code(parts["pa-needed"].Single()));
        Assert.Empty(parts["questionnaire"]);
        Assert.Empty(parts["billingCode"]);
        var card = Assert.Single(Cards(response));
        Assert.Equal("coverage-info", card["source"]!["topic"]!["code"]!.GetValue<string>());
        Assert.Equal("Acme Health", card["source"]!["label"]!.GetValue<string>());
        Assert.Contains("no policies", card["summary"]!.GetValue<string>());
    }

    [Fact]
    public void A_drug_with_no_policy_of_this_payer_says_to_contact_the_payer()
    {
        var request = SetPayer(WellmarkLutathera().BuildCrdRequest(), "centene");
        var response = Respond(request);

        var parts = CrdResponseAssert.CoverageInformation(Assert.Single(SystemActions(response)), Draft(request));
        Assert.Equal("conditional", CrdResponseAssert.Code(parts["pa-needed"].Single()));
        Assert.Contains("no Centene policy for Lutathera", parts["reason"].Single()["valueCodeableConcept"]!["text"]!.GetValue<string>());
        Assert.Contains("contact Centene", Assert.Single(Cards(response, "coverage-info"))["summary"]!.GetValue<string>());
        Assert.Empty(Cards(response, "guideline"));
    }

    [Fact]
    public void A_date_of_service_before_the_policy_took_effect_is_not_decided_under_it()
    {
        var request = WellmarkLutathera().ServiceDate(new DateOnly(2025, 12, 1)).BuildCrdRequest();
        var response = Respond(request);

        var parts = CrdResponseAssert.CoverageInformation(Assert.Single(SystemActions(response)), Draft(request));
        Assert.Equal("conditional", CrdResponseAssert.Code(parts["pa-needed"].Single()));
        Assert.Contains("No Wellmark Blue Cross and Blue Shield policy for Lutathera held here is in effect on 2025-12-01",
            parts["reason"].Single()["valueCodeableConcept"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void A_service_no_policy_governs_needs_no_authorization_and_gets_no_cards()
    {
        var request = LabOnly("wellmark");
        var response = Respond(request);

        var parts = CrdResponseAssert.CoverageInformation(Assert.Single(SystemActions(response)), Draft(request));
        Assert.Equal("covered", CrdResponseAssert.Code(parts["covered"].Single()));
        Assert.Equal("no-auth", CrdResponseAssert.Code(parts["pa-needed"].Single()));
        Assert.Empty(parts["doc-needed"]);
        Assert.Empty(Cards(response));
    }

    [Fact]
    public void A_service_for_an_unknown_payer_is_not_declared_free_of_authorization()
    {
        var request = LabOnly("acme-health");
        var response = Respond(request);

        var parts = CrdResponseAssert.CoverageInformation(Assert.Single(SystemActions(response)), Draft(request));
        Assert.Equal("conditional", CrdResponseAssert.Code(parts["pa-needed"].Single()));
    }

    [Fact]
    public void Without_a_Coverage_there_is_no_annotation_and_a_card_asks_for_one()
    {
        var request = WellmarkLutathera().BuildCrdRequest();
        request["prefetch"]!.AsObject().Remove("coverage");
        var response = Respond(request);

        Assert.Empty(SystemActions(response));
        Assert.Contains("no active Coverage", Assert.Single(Cards(response, "coverage-info"))["summary"]!.GetValue<string>());
    }
}
