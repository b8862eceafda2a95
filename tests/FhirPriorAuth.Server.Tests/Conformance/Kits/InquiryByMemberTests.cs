using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Server.Tests.Pas;
using FhirPriorAuth.Server.Tests.Pas.Pas201;

namespace FhirPriorAuth.Server.Tests.Conformance.Kits;

/// <summary>
/// $inquire matches the patient by member id wherever the profiles put it (PAS spec-53: "the patient member or
/// subscriber id"): Coverage.subscriberId, a Coverage or Patient identifier of type MB, or the Patient's member
/// identifier as the PAS 2.0.1 kit fixtures send it (untyped, no subscriberId) — on both bases.
/// </summary>
public sealed class InquiryByMemberTests
{
    private const string MemberType = "http://terminology.hl7.org/CodeSystem/v2-0203";

    [Fact]
    public async Task The_kits_v110_inquiry_without_subscriberId_finds_the_kits_submission_on_both_bases()
    {
        var submission = (await PasFixtures.RequestsAsync("conformant_pas_bundle_v110.json"))[0];
        var inquiry = (await PasFixtures.RequestsAsync("conformant_pas_inquire_bundle_v110.json"))[0];
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();
        var answered = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, submission));

        var found = Assert.Single(await KitAssert.InquireAsync(client, inquiry));
        Assert.Equal((string?)answered["preAuthRef"], (string?)PasClient.ClaimResponse(found)["preAuthRef"]);
        KitAssert.NoDanglingReference(found);

        var old = await Pas201Client.InquireAsync(client, inquiry);
        Assert.Equal((string?)answered["preAuthRef"], (string?)Assert.Single(Pas201Client.ClaimResponses(old))["preAuthRef"]);
    }

    public static TheoryData<string> MemberPlaces() => ["coverage-mb", "patient-mb"];

    [Theory]
    [MemberData(nameof(MemberPlaces))]
    public async Task A_2_2_1_inquiry_carrying_the_member_id_only_as_an_MB_identifier_finds_the_submission(string place)
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();
        var answered = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, PasRequests.LutatheraQualifying().Build()));

        var inquiry = PasRequests.LutatheraQualifying().Build();
        var coverage = Resource(inquiry, "Coverage");
        var member = (string)coverage["subscriberId"]!;
        coverage.Remove("subscriberId");
        var target = place == "coverage-mb" ? coverage : Resource(inquiry, "Patient");
        target["identifier"] = new JsonArray(new JsonObject
        {
            ["type"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = MemberType, ["code"] = "MB" }) },
            ["system"] = "http://payer.example.org/member-id",
            ["value"] = member,
        });

        var found = Assert.Single(await KitAssert.InquireAsync(client, inquiry));
        Assert.Equal((string?)answered["preAuthRef"], (string?)PasClient.ClaimResponse(found)["preAuthRef"]);
    }

    [Fact]
    public async Task A_submission_keyed_only_by_a_Coverage_MB_identifier_is_found_by_that_id_and_not_by_another()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();
        var request = PasRequests.LutatheraQualifying().Build();
        var coverage = Resource(request, "Coverage");
        var member = (string)coverage["subscriberId"]!;
        coverage.Remove("subscriberId");
        coverage["identifier"] = new JsonArray(new JsonObject
        {
            ["type"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = MemberType, ["code"] = "MB" }) },
            ["value"] = member,
        });
        await PasClient.SubmitAsync(client, request);

        Assert.Single(await KitAssert.InquireAsync(client, PasRequests.LutatheraQualifying().Build()));
        var other = PasRequests.LutatheraQualifying().Build();
        Resource(other, "Coverage")["subscriberId"] = "SOMEONE-ELSE";
        Assert.Empty(await KitAssert.InquireAsync(client, other));
    }

    internal static JsonObject Resource(JsonObject bundle, string type) =>
        bundle["entry"]!.AsArray().Select(e => e!["resource"]!.AsObject()).First(r => (string?)r["resourceType"] == type);
}
