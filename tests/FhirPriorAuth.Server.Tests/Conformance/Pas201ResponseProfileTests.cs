using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Server.Tests.Pas;
using FhirPriorAuth.Server.Tests.Pas.Pas201;
using static FhirPriorAuth.Server.Tests.Conformance.PasProfiles;

namespace FhirPriorAuth.Server.Tests.Conformance;

/// <summary>What <c>/fhir/pas-2.0.1</c> answers, held to the PAS 2.0.1 profiles by an independent validator.</summary>
public sealed class Pas201ResponseProfileTests
{
    [Theory]
    [MemberData(nameof(PasScenarios.Names), MemberType = typeof(PasScenarios))]
    public async Task Every_kind_of_submit_answer_conforms_to_the_PAS_201_response_profiles(string scenario)
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();

        var bundle = await PasScenarios.AnswerAsync(scenario, request => Pas201Client.SubmitAsync(client, request));

        string[] expected = [ResponseBundle, ClaimResponse, Beneficiary, Insurer, PractitionerRole];
        await AssertConformAsync(Pas201, scenario, bundle, scenario == "pend" ? [.. expected, CommunicationRequest] : expected);
    }

    /// <summary>The test kit's 2.0.1 (reference implementation) and 1.1 requests: the ones written for a 2.0.1 server.</summary>
    public static TheoryData<string> RequestBundles() =>
        [.. SubmitConformanceTests.RequestBundles().Select(row => row.Data)
            .Where(f => f.Contains("v201", StringComparison.Ordinal) || f.Contains("v110", StringComparison.Ordinal) || f.StartsWith('('))];

    [Theory]
    [MemberData(nameof(RequestBundles))]
    public async Task The_answer_to_each_test_kit_201_request_conforms(string fixture)
    {
        var requests = await PasFixtures.RequestsAsync(fixture);
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();
        foreach (var request in requests)
            await AssertConformAsync(Pas201, fixture, await Pas201Client.SubmitAsync(client, request), ResponseBundle, ClaimResponse);
    }

    [Fact]
    public async Task An_inquiry_answer_is_a_conforming_inquiry_response_bundle()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();
        await Pas201Client.SubmitAsync(client, Conforming(PasRequests.LutatheraQualifying().Build()));
        await Pas201Client.SubmitAsync(client, Conforming(PasRequests.LutatheraUndocumented().Build().WithLine(2)));

        var bundle = await Pas201Client.InquireAsync(client, Conforming(PasRequests.LutatheraQualifying().Build()));

        Assert.Equal(2, Pas201Client.ClaimResponses(bundle).Count);
        await AssertConformAsync(Pas201, "inquire", bundle, InquiryResponseBundle, ClaimInquiryResponse, Beneficiary, Insurer, PractitionerRole);
    }

    [Fact]
    public async Task An_inquiry_that_finds_nothing_is_still_a_conforming_inquiry_response_bundle()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();

        var bundle = await Pas201Client.InquireAsync(server.CreateClient(), Conforming(PasRequests.LutatheraQualifying().Build()));

        Assert.Empty(Pas201Client.ClaimResponses(bundle));
        await AssertConformAsync(Pas201, "inquire-none", bundle, InquiryResponseBundle, Beneficiary, Insurer);
    }
}
