using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Artifacts;
using FhirPriorAuth.Policies.Tests.Decisions;

namespace FhirPriorAuth.Policies.Tests.Artifacts;

public sealed class PolicyLoaderTests
{
    private static JsonObject Action(JsonObject plan, params int[] path)
    {
        var node = plan;
        foreach (var i in path) node = (JsonObject)node["action"]![i]!;
        return node;
    }

    private static JsonObject Condition(JsonObject action) => (JsonObject)action["condition"]![0]!["expression"]!;

    /// <summary>Each broken rule, the change that breaks it, and words of the problem an author must see.</summary>
    private static readonly Dictionary<string, (Action<JsonObject> Change, string Location, string Message)> PlanCases = new()
    {
        ["url missing"] = (p => p.Remove("url"), "PlanDefinition.url", "missing"),
        ["version missing"] = (p => p.Remove("version"), "PlanDefinition.version", "missing"),
        ["status missing"] = (p => p.Remove("status"), "PlanDefinition.status", "missing"),
        ["effectivePeriod missing"] = (p => p.Remove("effectivePeriod"), "PlanDefinition.effectivePeriod.start", "effective date is required"),
        ["effectivePeriod reversed"] = (p => p["effectivePeriod"]!["end"] = "2025-01-01", "PlanDefinition.effectivePeriod", "ends before it starts"),
        ["useContext missing"] = (p => p.Remove("useContext"), "PlanDefinition.useContext", "exactly one 'program'"),
        ["payer unknown"] = (p => p["useContext"]![0]!["valueCodeableConcept"]!["coding"]![0]!["code"] = "acme", "PlanDefinition.useContext", "'acme' is not one of"),
        ["relatedArtifact missing"] = (p => p.Remove("relatedArtifact"), "PlanDefinition.relatedArtifact[0]", "citations are built from it"),
        ["role missing"] = (p => Action(p, 1, 0).Remove("code"), "PlanDefinition.action[1].action[0].code[0].coding[0]", "role code"),
        ["role unknown"] = (p => Action(p, 1, 0)["code"]![0]!["coding"]![0]!["code"] = "rule", "PlanDefinition.action[1].action[0].code[0].coding[0]", "role code"),
        ["id duplicated"] = (p => Action(p, 1, 1)["id"] = "initial-diagnosis", "PlanDefinition.action[1].action[1].id", "'initial-diagnosis' is used by another action"),
        ["id missing"] = (p => Action(p, 2).Remove("id"), "PlanDefinition.action[2].id", "stable id"),
        ["title missing"] = (p => Action(p, 1, 2).Remove("title"), "PlanDefinition.action[1].action[2].title", "reviewer-facing"),
        ["citation missing"] = (p => Action(p, 1, 2).Remove("documentation"), "PlanDefinition.action[1].action[2].documentation[0]", "needs a citation"),
        ["citation without label"] = (p => Action(p, 0)["documentation"]![0]!.AsObject().Remove("label"), "PlanDefinition.action[0].documentation[0]", "needs a citation"),
        ["leaf without condition"] = (p => Action(p, 1, 2).Remove("condition"), "PlanDefinition.action[1].action[2].condition", "needs a FHIRPath condition"),
        ["condition in another language"] = (p => Condition(Action(p, 1, 2))["language"] = "text/cql", "PlanDefinition.action[1].action[2].condition[0]", "text/fhirpath"),
        ["FHIRPath does not compile"] = (p => Condition(Action(p, 1, 2))["expression"] = "%karnofsky >= ", "PlanDefinition.action[1].action[2].condition[0].expression", "does not compile"),
        ["variable not a fact"] = (p => Condition(Action(p, 1, 2))["expression"] = "%kps >= 60", "PlanDefinition.action[1].action[2].condition[0].expression", "%kps (position 0) is not a fact in the catalog"),
        ["code not allowed"] = (p => Condition(Action(p, 1, 1))["expression"] = "%sstrImaging = 'pos'", "PlanDefinition.action[1].action[1].condition[0].expression", "'pos' is not a code of %sstrImaging"),
        ["code not allowed in a union"] = (p => Condition(Action(p, 1, 1))["expression"] = "%sstrImaging in ('positive' | 'equivocal')", "PlanDefinition.action[1].action[1].condition[0].expression", "'equivocal' is not a code of %sstrImaging"),
        ["therapy agent misspelt"] = (p => Condition(Action(p, 1, 3, 1))["expression"] = "%priorTherapy contains 'lanreotid'", "PlanDefinition.action[1].action[3].action[1].condition[0].expression", "'lanreotid' is not a code of %priorTherapy"),
        ["group without selectionBehavior"] = (p => Action(p, 1, 3).Remove("selectionBehavior"), "PlanDefinition.action[1].action[3].selectionBehavior", "'all' or 'one-or-more'"),
        ["criterion outside a pathway"] = (p => Action(p, 0)["code"]![0]!["coding"]![0]!["code"] = "criterion", "PlanDefinition.action[0]", "must sit inside a pathway"),
        ["duration unit"] = (p => Action(p, 1)["extension"]![0]!["extension"]![1]!["valueDuration"]!["code"] = "a", "PlanDefinition.action[1].extension('pa-approval-duration')[0]", "UCUM mo, wk or d"),
        ["duration line of business"] = (p => Action(p, 1)["extension"]![0]!["extension"]![0]!["valueCode"] = "employer", "PlanDefinition.action[1].extension('pa-approval-duration')[0]", "lineOfBusiness must be"),
        ["duration twice for one line"] = (p => Action(p, 1)["extension"]![1]!["extension"]![0]!["valueCode"] = "commercial", "PlanDefinition.action[1].extension('pa-approval-duration')[1]", "a second duration"),
        ["duration on a criterion"] = (p => Action(p, 1, 0)["extension"] = Action(p, 1)["extension"]!.DeepClone(), "PlanDefinition.action[1].action[0].extension", "belongs on a pathway"),
        ["quantity limit on a fact that is not numeric"] = (p => Action(p, 3)["extension"]![0]!["extension"]![0]!["valueCode"] = "drug", "PlanDefinition.action[3].extension('pa-quantity-limit').fact", "not a single-valued numeric fact"),
        ["quantity limit maximum not a fact"] = (p => Action(p, 3)["extension"]![0]!["extension"]![1]!["valueExpression"]!["expression"] = "4 - %given", "PlanDefinition.action[3].extension('pa-quantity-limit').maximum", "%given"),
        ["referral on a criterion"] = (p => Action(p, 1, 0)["extension"] = new JsonArray(new JsonObject { ["url"] = "http://fhirpriorauth.example.org/fhir/StructureDefinition/pa-referral", ["valueCode"] = "review" }), "PlanDefinition.action[1].action[0].extension('pa-referral')", "belongs on a pathway"),
        ["referral kind unknown"] = (p => Action(p, 1)["extension"]!.AsArray().Add(new JsonObject { ["url"] = "http://fhirpriorauth.example.org/fhir/StructureDefinition/pa-referral", ["valueCode"] = "elsewhere" }), "PlanDefinition.action[1].extension('pa-referral')", "'contact-payer' or 'review'"),
        ["no pathway"] = (p => p["action"] = new JsonArray(Action(p, 0).DeepClone()), "PlanDefinition.action", "no pathway"),
    };

    public static TheoryData<string> PlanCaseNames => new(PlanCases.Keys);

    [Theory]
    [MemberData(nameof(PlanCaseNames))]
    public void BrokenPlanDefinition_IsReportedWithFileAndLocation(string name)
    {
        var (change, location, message) = PlanCases[name];
        using var folder = new ArtifactFolder();
        var catalog = folder.LoadWithPlan(change);
        var problem = Assert.Single(catalog.Problems, p => p.Expression == location && p.Message.Contains(message, StringComparison.Ordinal));
        Assert.Equal("wellmark/lutathera/" + ArtifactFolder.Plan, problem.File);
        Assert.Empty(catalog.Policies);
    }

    [Fact]
    public void TestArtifacts_LoadWithoutProblems()
    {
        var catalog = TestPolicy.Catalog;
        Assert.Empty(catalog.Problems);
        var policy = Assert.Single(catalog.Policies);
        Assert.Equal(("wellmark", "lutathera", "2026.1"), (policy.Payer, policy.Drug, policy.Version));
        Assert.Equal(new DateOnly(2026, 12, 31), policy.EffectiveEnd);
        Assert.Equal(7, policy.CriterionCount);
        Assert.Single(catalog.Questionnaires);
        Assert.Equal(2, catalog.Libraries.Count); // by url and by url|version
        Assert.Single(catalog.Terminology);
    }

    [Fact]
    public void EveryProblemIsCollected_NotJustTheFirst()
    {
        using var folder = new ArtifactFolder();
        var catalog = folder.LoadWithPlan(p =>
        {
            p.Remove("version");
            Condition(Action(p, 1, 2))["expression"] = "%kps >= 60";
            Action(p, 2).Remove("title");
        });
        Assert.True(catalog.Problems.Count == 3, string.Join("\n", catalog.Problems));
    }

    [Fact]
    public void StructuralErrorsFromTheFhirParser_AreProblems()
    {
        using var folder = new ArtifactFolder();
        var catalog = folder.LoadWithPlan(p => p["effectivePeriod"]!["begin"] = "2026-01-01");
        var problem = Assert.Single(catalog.Problems);
        Assert.StartsWith("FPA", problem.Message);
        Assert.Contains("effectivePeriod", problem.Expression);
    }

    [Fact]
    public void UnparseableJson_IsAProblemNotAnException()
    {
        using var folder = new ArtifactFolder();
        File.WriteAllText(Path.Combine(folder.LutatheraFolder, ArtifactFolder.Plan), "{ \"resourceType\": ");
        var catalog = folder.Load();
        Assert.Contains(catalog.Problems, p => p.File.EndsWith(ArtifactFolder.Plan, StringComparison.Ordinal));
    }

    [Fact]
    public void OverlappingPoliciesForOnePayerAndDrug_AreAProblem()
    {
        using var folder = new ArtifactFolder();
        var second = folder.Read(ArtifactFolder.Plan);
        second["version"] = "2026.2";
        second["effectivePeriod"] = new JsonObject { ["start"] = "2026-12-01" };
        folder.Write("PlanDefinition-second.json", second);
        var problem = Assert.Single(folder.Load().Problems);
        Assert.Contains("two policies would govern wellmark lutathera on 2026-12-01", problem.Message);
    }

    [Fact]
    public void EnsureUsable_RefusesACatalogWithProblems_NamingEach()
    {
        using var folder = new ArtifactFolder();
        var catalog = folder.LoadWithPlan(p => { p.Remove("version"); p.Remove("status"); });
        var e = Assert.Throws<InvalidOperationException>(() => catalog.EnsureUsable());
        Assert.StartsWith("2 problems in the policy artifacts:\n", e.Message);
        Assert.Contains("PlanDefinition.status: missing", e.Message);
        Assert.Same(TestPolicy.Catalog, TestPolicy.Catalog.EnsureUsable());
    }

    [Fact]
    public void MissingRoots_AreProblems()
    {
        var catalog = PolicyCatalog.Load(Path.Combine(TestPolicy.Root, "nope"), Path.Combine(TestPolicy.Root, "nope2"));
        Assert.Equal(2, catalog.Problems.Count);
    }

    [Fact]
    public void ExpressionCompiledAtLoad_KnowsTheFactsItReads()
    {
        var kps = TestPolicy.Catalog.Policies[0].Actions[1].Children[2];
        Assert.Equal(["karnofsky"], kps.Condition!.Facts);
        var limit = TestPolicy.Catalog.Policies[0].Actions[3].QuantityLimit!;
        Assert.Equal("dosesRequested", limit.Fact);
        Assert.Equal(["dosesGiven"], limit.Maximum.Facts);
    }
}
