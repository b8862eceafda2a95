using System.Text.Json.Nodes;
using FhirPriorAuth.Server.FhirApi;
using static FhirPriorAuth.Server.Tests.Crd.Responses.CrdCalls;

namespace FhirPriorAuth.Server.Tests.Crd.Responses;

/// <summary>
/// CRD 2.2 for a client that asks for it (<c>davinci-crd.requestedVersion: "2.2"</c>): hook-13's 400 for a Coverage
/// whose payer identifier this service does not handle, resp-44's <c>no-member-found</c> and resp-43's
/// <c>indeterminate</c>; a 2.0.1 client sending the same request keeps the 2.0.1 answer.
/// </summary>
public sealed class Crd22ResponseTests
{
    private const string ReasonSystem = "http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp";

    private static JsonObject As22(JsonObject request)
    {
        request["extension"] = new JsonObject { ["davinci-crd.requestedVersion"] = "2.2" };
        return request;
    }

    private static ILookup<string, JsonObject> Parts(JsonObject response, JsonObject request) =>
        CrdResponseAssert.CoverageInformation(Assert.Single(SystemActions(response)), Draft(request));

    private static JsonObject CoverageOf(JsonObject request) =>
        request["prefetch"]!["coverage"]!["entry"]!.AsArray().Select(e => e!["resource"]!.AsObject()).Single(r => (string?)r["resourceType"] == "Coverage");

    private static (string? System, string? Code) ReasonCoding(ILookup<string, JsonObject> parts)
    {
        var coding = parts["reason"].Single()["valueCodeableConcept"]!["coding"]?[0];
        return ((string?)coding?["system"], (string?)coding?["code"]);
    }

    [Fact]
    public void A_2_2_client_with_a_known_member_and_payer_gets_the_same_decision_as_a_2_0_client()
    {
        var request = WellmarkLutathera().BuildCrdRequest();
        var parts = Parts(Respond(As22(request)), request);

        Assert.Equal("covered", CrdResponseAssert.Code(parts["covered"].Single()));
        Assert.Equal("auth-needed", CrdResponseAssert.Code(parts["pa-needed"].Single()));
        Assert.Equal((null, null), ReasonCoding(parts));
    }

    [Fact]
    public void A_2_2_client_whose_Coverage_names_no_member_id_is_told_no_member_found_and_a_2_0_client_is_not()
    {
        var request = WellmarkLutathera().BuildCrdRequest();
        CoverageOf(request).Remove("subscriberId");
        CoverageOf(request).Remove("identifier");

        var parts = Parts(Respond(As22(request.DeepClone().AsObject())), request);
        Assert.Equal("not-covered", CrdResponseAssert.Code(parts["covered"].Single()));
        Assert.Empty(parts["pa-needed"]);
        Assert.Equal((ReasonSystem, "no-member-found"), ReasonCoding(parts));

        var old = Parts(Respond(request), request);
        Assert.Equal("auth-needed", CrdResponseAssert.Code(old["pa-needed"].Single()));
    }

    [Fact]
    public void A_2_2_client_whose_member_id_is_only_a_Coverage_MB_identifier_is_found()
    {
        var request = WellmarkLutathera().BuildCrdRequest();
        var coverage = CoverageOf(request);
        var member = (string)coverage["subscriberId"]!;
        coverage.Remove("subscriberId");
        coverage["identifier"] = new JsonArray(new JsonObject
        {
            ["type"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://terminology.hl7.org/CodeSystem/v2-0203", ["code"] = "MB" }) },
            ["value"] = member,
        });

        var parts = Parts(Respond(As22(request)), request);
        Assert.Equal("auth-needed", CrdResponseAssert.Code(parts["pa-needed"].Single()));
    }

    [Fact]
    public void A_2_2_client_whose_order_cannot_be_judged_for_a_technical_reason_gets_indeterminate_and_a_2_0_client_conditional()
    {
        var request = WellmarkLutathera().BuildCrdRequest();
        var order = Draft(request);
        order.Remove("medicationCodeableConcept");
        order["medicationReference"] = new JsonObject { ["reference"] = "Medication/unreadable" };

        var parts = Parts(Respond(As22(request.DeepClone().AsObject())), request);
        Assert.Equal("indeterminate", CrdResponseAssert.Code(parts["covered"].Single()));
        Assert.Equal("indeterminate", CrdResponseAssert.Code(parts["pa-needed"].Single()));
        Assert.Equal((ReasonSystem, "technical"), ReasonCoding(parts));
        Assert.Contains("Medication/unreadable", parts["reason"].Single()["valueCodeableConcept"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);

        var old = Parts(Respond(request), request);
        Assert.Equal("conditional", CrdResponseAssert.Code(old["covered"].Single()));
        Assert.Equal((null, null), ReasonCoding(old));
    }

    [Fact]
    public void A_2_2_client_whose_Coverage_payer_is_not_handled_here_is_refused_400_and_a_2_0_client_is_answered()
    {
        var request = SetPayer(WellmarkLutathera().BuildCrdRequest(), "acme-health");

        var refused = Assert.Throws<FhirRequestException>(() => Respond(As22(request.DeepClone().AsObject())));
        Assert.Equal(400, refused.StatusCode);
        Assert.Contains("payer", refused.Issues[0].Diagnostics, StringComparison.Ordinal);

        Assert.Equal("conditional", CrdResponseAssert.Code(Parts(Respond(request), request)["covered"].Single()));
    }

    [Fact]
    public void A_2_2_client_sending_no_Coverage_or_two_is_refused_400()
    {
        var none = WellmarkLutathera().BuildCrdRequest();
        none["prefetch"]!.AsObject().Remove("coverage");
        Assert.Equal(400, Assert.Throws<FhirRequestException>(() => Respond(As22(none))).StatusCode);

        var two = WellmarkLutathera().BuildCrdRequest();
        var second = CoverageOf(two).DeepClone().AsObject();
        second["id"] = "second-coverage";
        two["prefetch"]!["coverage"]!["entry"]!.AsArray().Add(new JsonObject { ["resource"] = second });
        Assert.Equal(400, Assert.Throws<FhirRequestException>(() => Respond(As22(two))).StatusCode);
    }
}
