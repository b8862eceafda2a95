using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Tests.Builders;
using FhirPriorAuth.Server.Tests.Infrastructure;

namespace FhirPriorAuth.Server.Tests.Pas;

/// <summary>The decisions a submitter reads in the ClaimResponse: action code, period, substitutes, reasons, requests for documents.</summary>
public sealed class SubmitDecisionTests
{
    private const string PreAuthPeriod = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-itemPreAuthPeriod";

    [Fact]
    public async Task A_qualifying_Wellmark_Lutathera_request_is_certified_with_a_period()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();

        var claimResponse = PasClient.ClaimResponse(await PasClient.SubmitAsync(server.CreateClient(), PasRequests.LutatheraQualifying().Build()));

        Assert.True(PasClient.ActionCodes(claimResponse).SequenceEqual(["A1"]), Explain(claimResponse));
        var period = claimResponse["item"]![0]!["extension"]!.AsArray().Single(e => (string?)e!["url"] == PreAuthPeriod)!["valuePeriod"]!;
        Assert.Equal("2026-03-02", (string?)period["start"]);
        Assert.False(string.IsNullOrEmpty((string?)claimResponse["preAuthRef"]));
        Assert.Equal("complete", (string?)claimResponse["outcome"]);
    }

    [Fact]
    public async Task Brand_Afinitor_for_a_qualifying_Centene_patient_is_modified_to_the_generic()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();

        var claimResponse = PasClient.ClaimResponse(await PasClient.SubmitAsync(server.CreateClient(), PasRequests.AfinitorForBreastCancer().Build()));

        Assert.True(PasClient.ActionCodes(claimResponse).SequenceEqual(["A6"]), Explain(claimResponse));
        var addItem = Assert.Single(claimResponse["addItem"]!.AsArray())!;
        Assert.Equal(1, (int)addItem["itemSequence"]![0]!);
        Assert.Contains("generic", (string?)addItem["productOrService"]!["text"], StringComparison.Ordinal);
        Assert.Equal("A1", PasClient.ActionCode(addItem["adjudication"]![0]!));
        Assert.Contains(PasClient.Notes(claimResponse), n => n.StartsWith("Limit applies — Member must use generic everolimus", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_Centene_request_that_fails_a_criterion_is_not_certified_and_cites_the_policy()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var request = PasRequests.AfinitorForBreastCancer().Her2(true).Build();

        var claimResponse = PasClient.ClaimResponse(await PasClient.SubmitAsync(server.CreateClient(), request));

        Assert.True(PasClient.ActionCodes(claimResponse).SequenceEqual(["A3"]), Explain(claimResponse));
        Assert.Contains(PasClient.Notes(claimResponse), n => n.StartsWith("Not met — Disease is HR-positive and HER2-negative (Centene CP.PHAR.63, I.A.5)", StringComparison.Ordinal));
        // Pathways for other diagnoses are not reasons the submitter must act on.
        Assert.DoesNotContain(PasClient.Notes(claimResponse), n => n.StartsWith("Does not apply", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_undocumented_request_is_pended_with_a_request_for_the_missing_documentation()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();

        var bundle = await PasClient.SubmitAsync(server.CreateClient(), PasRequests.LutatheraUndocumented().Build());
        var claimResponse = PasClient.ClaimResponse(bundle);

        Assert.True(PasClient.ActionCodes(claimResponse).SequenceEqual(["A4"]), Explain(claimResponse));
        var communication = Assert.Single(PasClient.DocumentRequests(bundle));
        Assert.NotEmpty(communication["payload"]!.AsArray());
    }

    [Fact]
    public async Task A_drug_without_a_policy_for_the_payer_is_answered_not_refused()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();

        var claimResponse = PasClient.ClaimResponse(await PasClient.SubmitAsync(server.CreateClient(),
            PasRequestBuilder.Everolimus("wellmark").ServiceDate(PasRequests.ServiceDate).Build()));

        Assert.Contains(PasClient.Notes(claimResponse), n => n.Contains("pharmacy benefit", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_line_no_policy_covers_needs_no_authorization_while_the_drug_line_is_decided()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var request = PasRequests.LutatheraQualifying().Build();
        request["entry"]![0]!["resource"]!["item"]!.AsArray().Add(new JsonObject
        {
            ["sequence"] = 2,
            ["productOrService"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://www.ama-assn.org/go/cpt", ["code"] = "99213" }) },
        });

        var claimResponse = PasClient.ClaimResponse(await PasClient.SubmitAsync(server.CreateClient(), request));

        Assert.Equal(["A1", "NA"], PasClient.ActionCodes(claimResponse));
        var noteNumber = (int)claimResponse["item"]![1]!["noteNumber"]![0]!;
        var note = claimResponse["processNote"]!.AsArray().Single(n => (int)n!["number"]! == noteNumber)!;
        Assert.Contains("No prior authorization is required", (string?)note["text"], StringComparison.Ordinal);
    }

    // Nothing for the payer's form to document: no request for documents (so no DTR form), and the action says who answers.
    [Theory]
    [InlineData("medicare-under-centene", "CT")]
    [InlineData("payer-not-identified", "CT")]
    [InlineData("payer-without-policies", "CT")]
    [InlineData("off-label-diagnosis", "A4")]
    public async Task A_request_with_nothing_for_the_form_to_document_gets_no_request_for_documents(string kind, string action)
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var request = kind switch
        {
            "medicare-under-centene" => PasRequests.AfinitorForBreastCancer().Medicare().Build(),
            "payer-without-policies" => PasRequestBuilder.Lutathera("aetna").ServiceDate(PasRequests.ServiceDate).Patient(60).Diagnosis("C7A.090").Build(),
            "off-label-diagnosis" => PasRequestBuilder.Everolimus("centene").ServiceDate(PasRequests.ServiceDate).Commercial().Patient(60)
                .Prescriber("207RX0202X").Diagnosis("C61").Build(),
            _ => WithoutPayerId(PasRequests.LutatheraQualifying().Build()),
        };

        var bundle = await PasClient.SubmitAsync(server.CreateClient(), request);
        var claimResponse = PasClient.ClaimResponse(bundle);

        Assert.True(PasClient.ActionCodes(claimResponse).SequenceEqual([action]), Explain(claimResponse));
        Assert.Empty(PasClient.DocumentRequests(bundle));
    }

    [Fact]
    public async Task A_claim_with_an_everolimus_and_a_Lutathera_line_decides_each_under_its_own_products_policy()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var request = PasRequests.AfinitorForBreastCancer().Build();
        var claim = request["entry"]!.AsArray().Select(e => e!["resource"]!.AsObject()).Single(r => (string?)r["resourceType"] == "Claim");
        claim["item"]!.AsArray().Add(new JsonObject
        {
            ["sequence"] = 2,
            ["productOrService"] = new JsonObject
            {
                ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", ["code"] = "A9513" }),
            },
            ["servicedDate"] = PasRequests.ServiceDate.ToString("yyyy-MM-dd"),
            ["quantity"] = new JsonObject { ["value"] = 800, ["unit"] = "mCi" },
        });

        var claimResponse = PasClient.ClaimResponse(await PasClient.SubmitAsync(server.CreateClient(), request));

        // The everolimus line as it is decided alone (generic-first); Centene holds no Lutathera policy here: contact the payer.
        Assert.True(PasClient.ActionCodes(claimResponse).SequenceEqual(["A6", "CT"]), Explain(claimResponse));
        Assert.DoesNotContain(PasClient.Notes(claimResponse), n => n.Contains("conflicting", StringComparison.OrdinalIgnoreCase));
    }

    private static JsonObject WithoutPayerId(JsonObject bundle)
    {
        foreach (var entry in bundle["entry"]!.AsArray())
            if ((string?)entry!["resource"]!["resourceType"] == "Organization")
                entry["resource"]!.AsObject().Remove("identifier");
        return bundle;
    }

    private static string Explain(JsonObject claimResponse) => string.Join("\n", PasClient.Notes(claimResponse));
}
