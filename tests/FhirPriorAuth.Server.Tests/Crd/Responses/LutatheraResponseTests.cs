using System.Text.Json.Nodes;
using static FhirPriorAuth.Server.Tests.Crd.Responses.CrdCalls;

namespace FhirPriorAuth.Server.Tests.Crd.Responses;

public sealed class LutatheraResponseTests
{
    [Fact]
    public void A_Wellmark_Lutathera_order_is_annotated_as_needing_prior_authorization_with_the_Wellmark_form()
    {
        var request = WellmarkLutathera().BuildCrdRequest();
        var response = Respond(request);

        var action = Assert.Single(SystemActions(response));
        var parts = CrdResponseAssert.CoverageInformation(action, Draft(request));
        Assert.Equal("MedicationRequest/lutathera-order", $"{action["resource"]!["resourceType"]}/{action["resource"]!["id"]}");
        Assert.Equal("Coverage/coverage", parts["coverage"].Single()["valueReference"]!["reference"]!.GetValue<string>());
        Assert.Equal("covered", CrdResponseAssert.Code(parts["covered"].Single()));
        Assert.Equal("auth-needed", CrdResponseAssert.Code(parts["pa-needed"].Single()));
        Assert.Equal("clinical", CrdResponseAssert.Code(parts["doc-needed"].Single()));
        Assert.Equal("withpa", CrdResponseAssert.Code(parts["doc-purpose"].Single()));
        Assert.Equal("http://fhirpriorauth.example.org/fhir/Questionnaire/wellmark-lutathera|1.0.0",
            parts["questionnaire"].Single()["valueCanonical"]!.GetValue<string>());
        Assert.Equal("A9513", parts["billingCode"].Single()["valueCoding"]!["code"]!.GetValue<string>());
        Assert.Equal("2026-03-01", parts["date"].Single()["valueDate"]!.GetValue<string>());
        Assert.Contains("Wellmark 06.01.38", parts["reason"].Single()["valueCodeableConcept"]!["text"]!.GetValue<string>());
        Assert.Empty(parts["satisfied-pa-id"]);
    }

    [Fact]
    public void The_coverage_card_says_the_record_meets_the_policy_and_launches_the_form_for_the_order()
    {
        var response = Respond(WellmarkLutathera().BuildCrdRequest());

        var card = Assert.Single(Cards(response, "coverage-info"));
        Assert.Contains("requires prior authorization", card["summary"]!.GetValue<string>());
        Assert.Contains("meets Wellmark 06.01.38", card["summary"]!.GetValue<string>());
        Assert.Equal("Wellmark Blue Cross and Blue Shield", card["source"]!["label"]!.GetValue<string>());
        var link = Assert.Single(card["links"]!.AsArray())!.AsObject();
        Assert.Equal("smart", link["type"]!.GetValue<string>());
        Assert.Equal(LaunchUrl, link["url"]!.GetValue<string>());
        var appContext = link["appContext"]!.GetValue<string>();
        Assert.Contains("questionnaire=" + Uri.EscapeDataString("http://fhirpriorauth.example.org/fhir/Questionnaire/wellmark-lutathera|1.0.0"), appContext);
        Assert.Contains("order=" + Uri.EscapeDataString("MedicationRequest/lutathera-order"), appContext);
        Assert.Contains("coverage=" + Uri.EscapeDataString("Coverage/coverage"), appContext);
    }

    [Fact]
    public void Without_a_configured_DTR_app_the_coverage_card_has_no_launch_link()
    {
        var response = Respond(WellmarkLutathera().BuildCrdRequest(), Responder(launch: false));

        Assert.Null(Assert.Single(Cards(response, "coverage-info"))["links"]);
    }

    [Fact]
    public void Undocumented_criteria_are_named_in_the_reason()
    {
        var request = WellmarkUndocumented().BuildCrdRequest();
        var response = Respond(request);

        var parts = CrdResponseAssert.CoverageInformation(Assert.Single(SystemActions(response)), Draft(request));
        Assert.Equal("auth-needed", CrdResponseAssert.Code(parts["pa-needed"].Single()));
        var reason = parts["reason"].Single()["valueCodeableConcept"]!["text"]!.GetValue<string>();
        Assert.Contains("Not yet documented", reason);
        Assert.Contains("somatostatin receptor", reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Wellmark_instructions_give_the_washout_the_labs_and_the_four_dose_limit()
    {
        var response = Respond(WellmarkLutathera().BuildCrdRequest());

        var card = Assert.Single(Instructions(response));
        var detail = card["detail"]!.GetValue<string>();
        Assert.Contains("4 to 6 weeks before each dose", detail);
        Assert.Contains("24 hours before each dose", detail);
        Assert.Contains("at most 4 doses", detail);
        Assert.Contains("complete blood count", detail);
        Assert.Contains("liver function", detail);
    }

    [Fact]
    public void The_policy_link_card_points_at_the_configured_policy_page()
    {
        var response = Respond(WellmarkLutathera().BuildCrdRequest());

        var card = Assert.Single(ExternalReferences(response));
        var link = Assert.Single(card["links"]!.AsArray())!.AsObject();
        Assert.Equal("absolute", link["type"]!.GetValue<string>());
        Assert.Equal(WellmarkPolicyPage, link["url"]!.GetValue<string>());
    }

    [Fact]
    public void A_policy_without_a_configured_address_links_to_this_servers_policy_page()
    {
        var response = Respond(WellmarkLutathera().BuildCrdRequest(), Responder(policyLinks: false));

        var card = Assert.Single(ExternalReferences(response));
        var link = Assert.Single(card["links"]!.AsArray())!.AsObject();
        Assert.Equal("absolute", link["type"]!.GetValue<string>());
        Assert.Equal("https://payer.example.org/policies/wellmark-lutathera", link["url"]!.GetValue<string>());
        Assert.Equal("Wellmark 06.01.38", link["label"]!.GetValue<string>());
        Assert.Single(Instructions(response));
    }

    [Fact]
    public void Every_policy_links_to_its_page_by_default_a_retired_one_included()
    {
        var responder = Responder(policyLinks: false);
        string PageOf(JsonObject request) =>
            Assert.Single(ExternalReferences(Respond(request, responder)))["links"]![0]!["url"]!.GetValue<string>();

        Assert.Equal("https://payer.example.org/policies/capital-blue-cross-lutathera",
            PageOf(CapitalBlueCrossLutathera(new DateOnly(2025, 6, 2)).BuildCrdRequest()));
        Assert.Equal("https://payer.example.org/policies/capital-blue-cross-lutathera",
            PageOf(CapitalBlueCrossLutathera(new DateOnly(2026, 3, 2)).BuildCrdRequest()));
        Assert.Equal("https://payer.example.org/policies/centene-everolimus", PageOf(CenteneEverolimus().BuildCrdRequest()));
    }

    [Fact]
    public void Companion_orders_are_draft_creates_for_labs_amino_acids_and_octreotide_LAR()
    {
        var request = WellmarkLutathera().BuildCrdRequest();
        var response = Respond(request);

        var card = Assert.Single(Cards(response, "clinical-reminder"));
        Assert.Equal("any", card["selectionBehavior"]!.GetValue<string>());
        var resources = card["suggestions"]!.AsArray()
            .Select(s => Assert.Single(s!["actions"]!.AsArray())!.AsObject())
            .Select(a =>
            {
                Assert.Equal("create", a["type"]!.GetValue<string>());
                return a["resource"]!.AsObject();
            }).ToList();
        Assert.Equal(4, resources.Count);
        Assert.All(resources, r =>
        {
            Assert.Equal("draft", r["status"]!.GetValue<string>());
            Assert.Equal("order", r["intent"]!.GetValue<string>());
            Assert.Equal("Patient/patient", r["subject"]!["reference"]!.GetValue<string>());
        });
        Assert.Contains(resources, r => r["code"]?["coding"]?[0]?["code"]?.GetValue<string>() == "57021-8");
        Assert.Contains(resources, r => r["code"]?["coding"]?[0]?["code"]?.GetValue<string>() == "24323-8");
        Assert.Contains(resources, r => r["medicationCodeableConcept"]?["text"]?.GetValue<string>().Contains("L-lysine") == true);
        Assert.Contains(resources, r => r["medicationCodeableConcept"]?["coding"]?[0]?["code"]?.GetValue<string>() == "J2353");
    }

    [Fact]
    public void A_companion_the_request_already_orders_is_not_suggested_again()
    {
        var request = WellmarkLutathera().BuildCrdRequest();
        request["context"]!["draftOrders"]!["entry"]!.AsArray().Add(new JsonObject
        {
            ["resource"] = new JsonObject
            {
                ["resourceType"] = "ServiceRequest", ["id"] = "cbc", ["status"] = "draft", ["intent"] = "order",
                ["code"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://loinc.org", ["code"] = "57021-8" }) },
                ["subject"] = new JsonObject { ["reference"] = "Patient/patient" },
            },
        });
        var response = Respond(request);

        var card = Assert.Single(Cards(response, "clinical-reminder"));
        Assert.Equal(3, card["suggestions"]!.AsArray().Count);
        Assert.DoesNotContain("CBC", card["suggestions"]!.ToJsonString());
        // The CBC order itself needs no authorization: it gets its own annotation.
        Assert.Equal(2, SystemActions(response).Count);
    }

    [Fact]
    public void Capital_Blue_Cross_Lutathera_before_the_retirement_needs_authorization_under_MP_2_371()
    {
        var request = CapitalBlueCrossLutathera(new DateOnly(2026, 1, 15)).BuildCrdRequest();
        var response = Respond(request);

        var parts = CrdResponseAssert.CoverageInformation(Assert.Single(SystemActions(response)), Draft(request));
        Assert.Equal("auth-needed", CrdResponseAssert.Code(parts["pa-needed"].Single()));
        Assert.Equal("http://fhirpriorauth.example.org/fhir/Questionnaire/capital-blue-cross-lutathera|1.0.0",
            parts["questionnaire"].Single()["valueCanonical"]!.GetValue<string>());
        var detail = Assert.Single(Instructions(response))["detail"]!.GetValue<string>();
        Assert.Contains("at least 4 weeks", detail);
        Assert.Contains("at least 24 hours", detail);
        Assert.Contains("Karnofsky", detail);
    }

    [Fact]
    public void Capital_Blue_Cross_Lutathera_after_the_retirement_says_no_policy_is_in_effect_and_to_contact_the_payer()
    {
        var request = CapitalBlueCrossLutathera(new DateOnly(2026, 3, 2)).BuildCrdRequest();
        var response = Respond(request);

        var parts = CrdResponseAssert.CoverageInformation(Assert.Single(SystemActions(response)), Draft(request));
        Assert.Equal("conditional", CrdResponseAssert.Code(parts["covered"].Single()));
        Assert.Equal("conditional", CrdResponseAssert.Code(parts["pa-needed"].Single()));
        Assert.Empty(parts["doc-needed"]);
        Assert.Empty(parts["questionnaire"]);
        var reason = parts["reason"].Single()["valueCodeableConcept"]!["text"]!.GetValue<string>();
        Assert.Contains("Capital Blue Cross MP 2.371", reason);
        Assert.Contains("2026-01-31", reason);
        Assert.Contains("no Capital Blue Cross Lutathera policy is in effect on 2026-03-02", reason);
        var card = Assert.Single(Cards(response, "coverage-info"));
        Assert.Contains("retired", card["summary"]!.GetValue<string>());
        Assert.Null(card["links"]);
        // No policy in effect: no policy instructions either.
        Assert.Empty(Instructions(response));
    }

    [Fact]
    public void A_request_the_policy_excludes_is_not_covered_with_the_policy_reason_and_a_warning()
    {
        var request = WellmarkLutathera().Patient(10).BuildCrdRequest();
        var response = Respond(request);

        var parts = CrdResponseAssert.CoverageInformation(Assert.Single(SystemActions(response)), Draft(request));
        Assert.Equal("not-covered", CrdResponseAssert.Code(parts["covered"].Single()));
        Assert.Empty(parts["pa-needed"]);
        Assert.Empty(parts["questionnaire"]);
        Assert.Contains("Wellmark 06.01.38", parts["reason"].Single()["valueCodeableConcept"]!["text"]!.GetValue<string>());
        var card = Assert.Single(Cards(response, "coverage-info"));
        Assert.Equal("warning", card["indicator"]!.GetValue<string>());
        Assert.Contains("not covered", card["summary"]!.GetValue<string>());
        Assert.Empty(Cards(response, "clinical-reminder"));
    }
}
