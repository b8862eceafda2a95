using System.Text.Json.Nodes;

namespace FhirPriorAuth.Cli.Tests;

/// <summary>
/// <c>fpa policy</c> over the policy engine's test policy (Wellmark-style Lutathera, 2026) and a synthetic PAS
/// request whose Karnofsky score is 50, below the policy's 60.
/// </summary>
public sealed class PolicyCommandTests : IDisposable
{
    private static readonly string PolicyRoot = Path.Combine(AppContext.BaseDirectory, "PolicyRoot");
    private static readonly string Bundle = Path.Combine(AppContext.BaseDirectory, "Policy", "lutathera-request.json");
    private readonly string _dir = Directory.CreateTempSubdirectory("fpa-policy-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = Program.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private string BrokenRoot()
    {
        foreach (var file in Directory.EnumerateFiles(PolicyRoot, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(_dir, Path.GetRelativePath(PolicyRoot, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        var plan = Directory.EnumerateFiles(_dir, "PlanDefinition-*.json", SearchOption.AllDirectories).Single();
        File.WriteAllText(plan, File.ReadAllText(plan).Replace("%karnofsky >= 60", "%kps >= 60"));
        return _dir;
    }

    [Fact]
    public void Lint_SummarisesThePoliciesLoaded()
    {
        var (exit, output, _) = Run("policy", "lint", "--root", PolicyRoot);
        Assert.Equal(0, exit);
        Assert.Contains("1 policies loaded, 1 questionnaires, 1 libraries, 0 problems", output);
        Assert.Contains("  wellmark lutathera 2026.1 active 2026-01-01..2026-12-31 7 criteria http://fhirpriorauth.example.org/fhir/PlanDefinition/test-wellmark-lutathera", output);
    }

    [Fact]
    public void Lint_WarnsOfConditionsThatReadAnAbsentFactAsNotMet_AndFailsOnThemOnlyWhenStrict()
    {
        // The test policy's "prior lanreotide" is %priorTherapy contains 'lanreotide': no therapy history would read as Not met.
        var (exit, output, _) = Run("policy", "lint", "--root", PolicyRoot);
        Assert.Equal(0, exit);
        Assert.Contains("PlanDefinition.action[1].action[3].action[1].condition[0].expression: warning: 'initial-progression-lanreotide': an undocumented %priorTherapy makes this condition false", output);

        var (strictExit, _, _) = Run("policy", "lint", "--root", PolicyRoot, "--strict");
        Assert.Equal(1, strictExit);
    }

    [Fact]
    public void Lint_PrintsEveryProblemWithFileAndLocation_AndFails()
    {
        var (exit, output, _) = Run("policy", "lint", "--root", BrokenRoot());
        Assert.Equal(1, exit);
        Assert.Contains("wellmark/lutathera/PlanDefinition-test-wellmark-lutathera.json: PlanDefinition.action[1].action[2].condition[0].expression: %kps (position 0) is not a fact in the catalog", output);
        Assert.Contains("0 policies loaded", output);
    }

    [Fact]
    public void Lint_WithoutAPolicyFolder_SaysSo()
    {
        var (exit, _, error) = Run("policy", "lint", "--root", _dir);
        Assert.Equal(2, exit);
        Assert.Contains("has no questionnaires/ folder", error);
    }

    [Fact]
    public void Evaluate_PrintsTheActionPolicyAndCriteriaTree()
    {
        var (exit, output, error) = Run("policy", "evaluate", Bundle, "--root", PolicyRoot);
        Assert.True(exit == 0, error);
        var lines = output.Split('\n');
        Assert.Equal("A3 denied", lines[0]);
        Assert.StartsWith("Policy: Test Payer TP 1.0 (http://fhirpriorauth.example.org/fhir/PlanDefinition/test-wellmark-lutathera|2026.1", lines[1]);
        Assert.Contains("\nNot met — Karnofsky Performance Status score of 60 or greater (Test Payer TP 1.0, I. Initial Treatment, criterion 3): karnofsky = 50 from http://ehr.example.org/fhir/Observation/karnofsky (Observation.valueInteger).", output);
        Assert.Contains("\n  ✗ [initial] Not met — Initial treatment", output);
        Assert.Contains("\n    ✓ [initial-sstr] Met — Somatostatin receptor imaging", output);
        Assert.Contains("\n    ✗ [initial-karnofsky] Not met", output);
        Assert.Contains("\n      ✓ [initial-progression-ssa] Met", output);
    }

    [Fact]
    public void Evaluate_WithAQuestionnaireResponse_AddsItsAnswers()
    {
        var qr = Path.Combine(_dir, "qr.json");
        File.WriteAllText(qr, """
            {"resourceType":"QuestionnaireResponse","id":"dtr-1","status":"completed",
             "questionnaire":"http://fhirpriorauth.example.org/fhir/Questionnaire/test-lutathera|1.0.0",
             "item":[{"linkId":"karnofsky","answer":[{"valueInteger":70}]}]}
            """);
        var (exit, output, _) = Run("policy", "evaluate", Bundle, "-q", qr, "--root", PolicyRoot);
        Assert.Equal(0, exit);
        Assert.StartsWith("A4 pended", output);
        Assert.Contains("Conflict: karnofsky conflicting: 50 from http://ehr.example.org/fhir/Observation/karnofsky (Observation.valueInteger) vs 70 from QuestionnaireResponse/dtr-1#karnofsky", output);
    }

    [Fact]
    public void Evaluate_Json_IsMachineReadable()
    {
        var (exit, output, _) = Run("policy", "evaluate", Bundle, "--root", PolicyRoot, "--json");
        Assert.Equal(0, exit);
        var json = JsonNode.Parse(output)!;
        Assert.Equal("A3", (string?)json["action"]);
        Assert.Equal("2026.1", (string?)json["policy"]!["version"]);
        var initial = json["criteria"]!.AsArray().Single(c => (string?)c!["id"] == "initial")!;
        var kps = initial["children"]!.AsArray().Single(c => (string?)c!["id"] == "initial-karnofsky")!;
        Assert.Equal("NotMet", (string?)kps["outcome"]);
        Assert.Equal(50, (int)kps["evidence"]![0]!["value"]!);
        Assert.Equal("Test Payer TP 1.0, I. Initial Treatment, criterion 3", (string?)kps["citation"]);
    }

    [Fact]
    public void Evaluate_RefusesBrokenArtifacts()
    {
        var (exit, _, error) = Run("policy", "evaluate", Bundle, "--root", BrokenRoot());
        Assert.Equal(1, exit);
        Assert.Contains("run 'fpa policy lint'", error);
    }

    [Fact]
    public void Evaluate_UnreadableBundle_Exits2()
    {
        var bad = Path.Combine(_dir, "bad.json");
        File.WriteAllText(bad, "{ nope");
        var (exit, _, error) = Run("policy", "evaluate", bad, "--root", PolicyRoot);
        Assert.Equal(2, exit);
        Assert.NotEmpty(error);
    }
}

/// <summary><c>fpa policy</c> on the policies the checkout ships.</summary>
public sealed class ShippedPolicyCommandTests
{
    [Fact]
    public void Lint_TheCheckout_LoadsEveryShippedPolicyWithoutProblems()
    {
        var root = FhirPriorAuth.Testing.SharedData.RepoRoot;
        Assert.SkipWhen(!Directory.Exists(Path.Combine(root, "ig-packages", "fhirpriorauth")), "the project package is not on this branch");
        var output = new StringWriter();
        var exit = Program.Run(["policy", "lint", "--root", root], output, new StringWriter());
        Assert.True(exit == 0, output.ToString());
        Assert.Contains(" 0 problems", output.ToString());
        Assert.Contains("  wellmark lutathera ", output.ToString());
    }

    [Fact]
    public void Evaluate_TheBenchmarkLutatheraRequest_UnderTheShippedWellmarkPolicy()
    {
        var root = FhirPriorAuth.Testing.SharedData.RepoRoot;
        Assert.SkipWhen(!Directory.Exists(Path.Combine(root, "ig-packages", "fhirpriorauth")), "the project package is not on this branch");
        var output = new StringWriter();
        var bundle = Path.Combine(root, "bench", "requests", "lutathera-wellmark.json");
        var exit = Program.Run(["policy", "evaluate", bundle, "--root", root], output, new StringWriter());
        Assert.Equal(0, exit);
        var lines = output.ToString().Split('\n');
        Assert.Matches("^A[1346] ", lines[0]);
        Assert.StartsWith("Policy: Wellmark 06.01.38 (http://fhirpriorauth.example.org/fhir/PlanDefinition/wellmark-lutathera|", lines[1]);
        Assert.Contains(lines, l => l.StartsWith("  ✓ [", StringComparison.Ordinal) || l.StartsWith("  ✗ [", StringComparison.Ordinal));
    }

    // A line of business the policy does not govern: nothing for the payer's form to document, so CT and no form.
    [Fact]
    public void Evaluate_AMedicareMemberUnderCentene_IsContactThePayerWithoutAForm()
    {
        var root = FhirPriorAuth.Testing.SharedData.RepoRoot;
        Assert.SkipWhen(!Directory.Exists(Path.Combine(root, "ig-packages", "fhirpriorauth")), "the project package is not on this branch");
        var bundle = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "bench", "requests", "everolimus-centene.json")))!;
        foreach (var entry in bundle["entry"]!.AsArray())
            if ((string?)entry!["resource"]!["resourceType"] == "Coverage")
                entry["resource"]!["type"]!["coding"]![0]!["code"] = "1";
        var file = Path.Combine(Path.GetTempPath(), $"fpa-medicare-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, bundle.ToJsonString());
        try
        {
            var output = new StringWriter();
            var exit = Program.Run(["policy", "evaluate", file, "--root", root], output, new StringWriter());
            Assert.Equal(0, exit);
            var lines = output.ToString().Split('\n');
            Assert.Equal("CT contact the payer", lines[0]);
            Assert.Contains(lines, l => l.StartsWith("Form: none — ", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.StartsWith("Missing: ", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
