using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Decisions;
using FhirPriorAuth.Policies.Evidence;
using FhirPriorAuth.Policies.Tests.Builders;
using FhirPriorAuth.Policies.Tests.Policies;

namespace FhirPriorAuth.Policies.Tests.Evidence;

/// <summary>
/// One request, one evidence path: the lines of a multi-drug Claim are each read as their own drug's request, and a
/// QuestionnaireResponse passed beside a bundle gives what the same answers inside it give.
/// </summary>
public sealed class EvidencePathTests
{
    private static readonly DateOnly ServiceDate = PasRequestBuilder.DefaultServiceDate;

    private static JsonObject A9513Line(int sequence, decimal mci) => new()
    {
        ["sequence"] = sequence,
        ["productOrService"] = new JsonObject
        {
            ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", ["code"] = "A9513" }),
        },
        ["servicedDate"] = ServiceDate.ToString("yyyy-MM-dd"),
        ["quantity"] = new JsonObject { ["value"] = mci, ["unit"] = "mCi", ["system"] = "http://unitsofmeasure.org", ["code"] = "mCi" },
    };

    /// <summary>An everolimus request (line 1, its order as Claim.prescription) with a Lutathera line 2 beside it.</summary>
    private static JsonObject TwoDrugRequest(string payer)
    {
        var bundle = PasRequestBuilder.Everolimus(payer).ServiceDate(ServiceDate).Commercial().Patient(60).Prescriber("207RX0202X")
            .Diagnosis("C50.911", "C7A.090").ClinicalM(true).HormoneReceptors(true, true).Her2(false)
            .Therapy("letrozole", ServiceDate.AddYears(-2), ServiceDate.AddYears(-1), stopReason: "progression")
            .Therapy("exemestane", ServiceDate.AddDays(-30), status: "active")
            .Build();
        var claim = bundle["entry"]!.AsArray().Select(e => e!["resource"]!.AsObject()).Single(r => (string?)r["resourceType"] == "Claim");
        claim["item"]!.AsArray().Add(A9513Line(2, 800m));
        return bundle;
    }

    [Theory]
    [InlineData("centene", 1, "everolimus")]
    [InlineData("centene", 2, "lutathera")]
    [InlineData("wellmark", 1, "everolimus")]
    [InlineData("wellmark", 2, "lutathera")]
    public void Given_AClaimWithALutatheraAndAnEverolimusLine_When_OneLineIsRead_Then_ItIsThatLinesDrugWithoutADrugConflict(
        string payer, int line, string drug)
    {
        var evidence = PasBundleEvidence.Extract(TwoDrugRequest(payer), ServiceDate, line: line);

        Assert.Equal([drug], evidence.Values("drug").Distinct());
        Assert.DoesNotContain(evidence["product"], f => f.Value is string p && (drug == "lutathera" ? p.Contains("everolimus") || p.StartsWith("afinitor") : p == "lutathera"));
    }

    [Theory]
    [InlineData("centene", 1, "centene-everolimus")]
    [InlineData("centene", 2, null)]     // no Centene Lutathera policy: contact the payer, never the everolimus policy
    [InlineData("wellmark", 1, null)]    // no Wellmark everolimus policy: never the Wellmark Lutathera policy
    [InlineData("wellmark", 2, "wellmark-lutathera")]
    public void Given_AClaimWithALutatheraAndAnEverolimusLine_When_EachLineIsDecided_Then_ItIsDecidedUnderItsOwnProductsPolicy(
        string payer, int line, string? policy)
    {
        var decision = DecisionEngine.Decide(PasBundleEvidence.Extract(TwoDrugRequest(payer), ServiceDate, line: line), LutatheraDecisions.Catalog);

        Assert.DoesNotContain(decision.Conflicts, c => c.Name == "drug");
        if (policy is null)
        {
            Assert.Null(decision.PolicyUrl);
            Assert.Equal(FhirPriorAuth.Policies.Artifacts.ReferralKind.ContactPayer, decision.Referral?.Kind);
        }
        else
            Assert.EndsWith("/PlanDefinition/" + policy, decision.PolicyUrl, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_AClaimWithTwoPolicyDrugLines_Then_BothAreListedForDecision()
    {
        Assert.Equal([1, 2], PasBundleEvidence.PolicyDrugLines(TwoDrugRequest("centene")));
    }

    // Cockcroft-Gault needs creatinine, weight, age and sex; here the weight is only answered in the form.
    public static TheoryData<string> Paths => new() { "inside the bundle", "passed beside the bundle" };

    [Theory]
    [MemberData(nameof(Paths))]
    public void Given_BodyWeightAnsweredInTheForm_When_TheEvidenceIsRead_Then_CockcroftGaultIsComputedOnEveryPath(string path)
    {
        var form = new QuestionnaireResponseBuilder().Answer("bodyWeight", 70m);
        var builder = PasRequestBuilder.Lutathera("capital-blue-cross").ServiceDate(ServiceDate).Patient(60, "male").Diagnosis("C7A.010").Creatinine(1.0m);
        var bundle = path == "inside the bundle"
            ? builder.QuestionnaireResponse(form).Build()
            : PasBundleEvidence.WithResponses(builder.Build(), [form.Build()]);

        var evidence = PasBundleEvidence.Extract(bundle, ServiceDate);

        var clearance = Assert.Single(evidence["creatinineClearance"]);
        Assert.Equal(FactSourceKind.Computed, clearance.Source.Kind);
        Assert.Equal(80m / 72m * 70m, (decimal)clearance.Value, 0);
    }
}
