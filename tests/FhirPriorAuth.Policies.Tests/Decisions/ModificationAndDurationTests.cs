using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Artifacts;
using FhirPriorAuth.Policies.Decisions;
using FhirPriorAuth.Policies.Tests.Artifacts;
using static FhirPriorAuth.Policies.Tests.Decisions.TestPolicy;

namespace FhirPriorAuth.Policies.Tests.Decisions;

public sealed class ModificationAndDurationTests
{
    [Theory]
    [InlineData(2, 4, ReviewAction.Modified, 2)]
    [InlineData(1, 3, ReviewAction.Approved, 3)]
    [InlineData(0, 4, ReviewAction.Approved, 4)]
    [InlineData(3, 2, ReviewAction.Modified, 1)]
    public void DoseLimit(int given, int requested, ReviewAction action, int authorized)
    {
        var d = DecisionEngine.Decide(Replacing(F("dosesGiven", given), F("dosesRequested", requested)), Catalog);
        Assert.Equal(action, d.Action);
        Assert.Equal(authorized, d.Authorization!.Quantity);
        Assert.Equal("doses", d.Authorization.QuantityUnit);
        if (action == ReviewAction.Modified)
        {
            Assert.Contains($"; approved as {authorized} doses instead of as requested.", d.Summary);
            Assert.Contains("\nLimit applies — At most 4 doses in total (Test Payer TP 1.0, III. Dosing)", d.Summary);
        }
    }

    [Fact]
    public void LimitWhoseConditionIsUnknown_ButWhichTheRequestKeeps_ChangesNothing()
    {
        using var folder = new ArtifactFolder();
        // The condition also reads tumorNecrosis, which the request lacks, so it is unknown; the maximum (4) is not.
        var catalog = folder.LoadWithPlan(p =>
            p["action"]![3]!["condition"]![0]!["expression"]!["expression"] = "%dosesRequested <= 4 and %tumorNecrosis = false");
        var d = DecisionEngine.Decide(Approvable(), catalog);
        Assert.Equal(CriterionOutcome.Unknown, d.Criteria[3].Outcome);
        Assert.Equal(ReviewAction.Approved, d.Action);
        Assert.Equal(4, d.Authorization!.Quantity);
        Assert.DoesNotContain("instead of as requested", d.Summary);
    }

    [Fact]
    public void NoDosesLeft_IsDenied()
    {
        var d = DecisionEngine.Decide(Replacing(F("dosesGiven", 4), F("dosesRequested", 1)), Catalog);
        Assert.Equal(ReviewAction.Denied, d.Action);
        Assert.StartsWith("Denied — the policy allows no further quantity (0 doses):\nLimit applies — At most 4 doses in total", d.Summary);
    }

    [Fact]
    public void UnknownRequestedQuantity_AuthorizesTheMaximum()
    {
        var d = DecisionEngine.Decide(Approvable("dosesRequested"), Catalog);
        Assert.Equal(ReviewAction.Modified, d.Action);
        Assert.Equal(4, d.Authorization!.Quantity);
    }

    [Fact]
    public void ProductSubstitution_ApprovesTheGeneric()
    {
        using var folder = new ArtifactFolder();
        var catalog = folder.LoadWithPlan(plan =>
        {
            plan["useContext"]![1]!["valueCodeableConcept"]!["coding"]![0]!["code"] = "everolimus";
            plan["action"]!.AsArray().Add(JsonNode.Parse("""
                {"id":"generic-first","title":"Generic everolimus is required unless it is unsuitable",
                 "code":[{"coding":[{"system":"http://fhirpriorauth.example.org/fhir/CodeSystem/pa-action-role","code":"modification"}]}],
                 "documentation":[{"type":"citation","label":"IV. Generic first"}],
                 "condition":[{"kind":"applicability","expression":{"language":"text/fhirpath","expression":"%brandRequested = false or %genericNotSuitable = true"}}],
                 "extension":[{"url":"http://fhirpriorauth.example.org/fhir/StructureDefinition/pa-product-substitution",
                   "extension":[{"url":"product","valueCode":"everolimus-generic"}]}]}
                """));
        });
        Assert.Empty(catalog.Problems);
        var brand = Replacing(F("drug", "everolimus"), F("brandRequested", true), F("product", "afinitor"));
        var d = DecisionEngine.Decide(brand, catalog);
        Assert.Equal(ReviewAction.Modified, d.Action);
        Assert.Equal("everolimus-generic", d.Authorization!.Product);
        Assert.Contains("is met; approved as everolimus-generic instead of as requested.", d.Summary);
        Assert.Contains("\nLimit applies — Generic everolimus is required unless it is unsuitable (Test Payer TP 1.0, IV. Generic first): brandRequested = true from Observation/brandRequested; genericNotSuitable not documented.", d.Summary);

        var unsuitable = Replacing(F("drug", "everolimus"), F("brandRequested", true), F("genericNotSuitable", true));
        Assert.Equal(ReviewAction.Approved, DecisionEngine.Decide(unsuitable, catalog).Action);
        Assert.Null(DecisionEngine.Decide(unsuitable, catalog).Authorization!.Product);
    }

    [Theory]
    [InlineData("commercial", null, "2026-03-15", "2026-09-14")]    // 6 mo
    [InlineData("medicare", 400, "2026-03-15", "2027-03-14")]       // 12 mo, request longer
    [InlineData("medicare", 240, "2026-03-15", "2026-11-09")]       // capped at the 240 days requested
    [InlineData("medicare", null, "2026-03-15", "2027-03-14")]      // nothing to cap by
    [InlineData("marketplace", 30, "2026-03-15", "2026-06-14")]     // '*' 3 mo, no cap
    [InlineData("commercial", null, "2026-08-31", "2027-02-27")]    // calendar months from a month's end
    public void AuthorizationPeriod_PerLineOfBusiness(string lob, int? requestedDays, string start, string end)
    {
        var set = Approvable("requestedDays", "lineOfBusiness", "serviceDate")
            .With(F("lineOfBusiness", lob), F("serviceDate", Date(start)));
        if (requestedDays is { } days) set.Add(F("requestedDays", days));
        var d = DecisionEngine.Decide(set, Catalog);
        Assert.Equal(ReviewAction.Approved, d.Action);
        Assert.Equal(DateOnly.Parse(start), d.Authorization!.Start);
        Assert.Equal(DateOnly.Parse(end), d.Authorization.End);
    }

    [Fact]
    public void LineOfBusinessWithoutDuration_LeavesThePeriodToTheReviewer()
    {
        using var folder = new ArtifactFolder();
        var catalog = folder.LoadWithPlan(p => p["action"]![1]!["extension"]!.AsArray().RemoveAt(2));
        var d = DecisionEngine.Decide(Replacing(F("lineOfBusiness", "medicaid")), catalog);
        Assert.Equal(ReviewAction.Approved, d.Action);
        Assert.Null(d.Authorization);
        Assert.Contains("no approval duration for line of business medicaid", d.Summary);
    }

    [Fact]
    public void CapByRequestIsReadFromTheArtifact()
    {
        var durations = Catalog.Policies[0].Actions[1].Durations;
        Assert.Equal([new ApprovalDuration("commercial", 6, "mo", false), new ApprovalDuration("medicare", 12, "mo", true),
            new ApprovalDuration("*", 3, "mo", false)], durations);
    }
}
