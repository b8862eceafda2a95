using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Serialization;
using FhirPriorAuth.Policies.Artifacts;
using FhirPriorAuth.Policies.Decisions;
using FhirPriorAuth.Policies.Evidence;

namespace FhirPriorAuth.Cli.Commands;

/// <summary><c>fpa policy lint</c> and <c>fpa policy evaluate</c>.</summary>
internal static class PolicyCommands
{
    private const string RootHelp =
        "The folder holding questionnaires/ and ig-packages/fhirpriorauth/ (a checkout or a server's output folder). " +
        "Default: the nearest such folder from the current directory upward, else from the fpa program's folder upward.";

    public static Command Create()
    {
        var command = new Command("policy", "Check the payer policy artifacts and evaluate requests against them.");
        command.Subcommands.Add(CreateLint());
        command.Subcommands.Add(CreateEvaluate());
        return command;
    }

    private static Option<DirectoryInfo?> RootOption() => new("--root") { Description = RootHelp };

    private static Command CreateLint()
    {
        var root = RootOption();
        var command = new Command("lint", """
            Load and validate every policy artifact as the server does at start-up, print each problem as
            FILE: LOCATION: MESSAGE, then one line per policy loaded: payer, drug, version, status, effective period
            (start..end, both inclusive; no end means open-ended), criterion count and canonical url.
            Warnings follow as FILE: LOCATION: warning: MESSAGE: criterion or pathway conditions that, as written, turn
            an undocumented fact into Not met (the engine reads them as unknown and pends; allow-list a fact the policy
            text means that way with the pa-absent-means-not-met extension and a reason).
            Exit code 0 when there are no problems, 1 when there are any (or, with --strict, any warning),
            2 when no policy folder is found.
            """);
        var strict = new Option<bool>("--strict") { Description = "Exit 1 on warnings too (absent facts read as Not met)." };
        command.Options.Add(root);
        command.Options.Add(strict);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            if (Roots(parse.GetValue(root), parse.InvocationConfiguration.Error) is not { } roots) return 2;
            var catalog = roots.Load();
            foreach (var problem in catalog.Problems) output.WriteLine(problem);
            foreach (var warning in catalog.Warnings) output.WriteLine($"{warning.File}: {warning.Expression}: warning: {warning.Message}");
            output.WriteLine($"{catalog.Policies.Count} policies loaded, {catalog.Questionnaires.Count} questionnaires, " +
                             $"{catalog.Libraries.Values.Distinct().Count()} libraries, {catalog.Problems.Count} problems, {catalog.Warnings.Count} warnings");
            foreach (var p in catalog.Policies)
                output.WriteLine($"  {p.Payer} {p.Drug} {p.Version} {p.Status} {p.EffectivePeriodText} {p.CriterionCount} criteria {p.Url}");
            return catalog.Problems.Count > 0 || (parse.GetValue(strict) && catalog.Warnings.Count > 0) ? 1 : 0;
        });
        return command;
    }

    private static Command CreateEvaluate()
    {
        var bundle = new Argument<FileInfo>("bundle") { Description = "A PAS request Bundle (Claim/$submit input) as JSON." };
        var response = new Option<FileInfo?>("--questionnaire-response", "-q")
        {
            Description = "A DTR QuestionnaireResponse (JSON) whose answers are added to the bundle's evidence; its questionnaire is looked up among the loaded artifacts.",
        };
        var root = RootOption();
        var json = new Option<bool>("--json") { Description = "Print the decision as JSON instead of text." };
        var command = new Command("evaluate", """
            Extract the evidence of a PAS bundle (and optionally a DTR QuestionnaireResponse), select the policy in
            effect for its payer, drug and date of service, and print the decision: the action (A1 approved, A3 denied,
            A4 pended, A6 modified), the policy, the authorization, the reason, then every criterion as a tree marked
            ✓ met, ✗ not met or ? unknown with its citation and the evidence it read, and last what the evidence
            extraction could not read.
            Exit code 0 when a decision was printed, 1 when the policy artifacts have problems, 2 when an input cannot be read.
            """);
        command.Arguments.Add(bundle);
        command.Options.Add(response);
        command.Options.Add(root);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (Roots(parse.GetValue(root), error) is not { } roots) return 2;
            var catalog = roots.Load();
            if (catalog.Problems.Count > 0)
            {
                foreach (var problem in catalog.Problems) error.WriteLine(problem);
                error.WriteLine($"{catalog.Problems.Count} problems in the policy artifacts; run 'fpa policy lint'");
                return 1;
            }
            if (Read(parse.GetValue(bundle)!, error) is not { } request) return 2;
            if (parse.GetValue(response) is { } qrFile)
            {
                if (Read(qrFile, error) is not { } qr) return 2;
                // The same evidence path as a QuestionnaireResponse inside the bundle or attached by DTR: it joins the
                // bundle, so derived facts (Cockcroft-Gault from an answered weight) are computed over everything once.
                request = PasBundleEvidence.WithResponses(request, [qr]);
            }
            // The payer registry (marketplace plans) and the catalog's Questionnaires, as the server reads requests.
            var options = catalog.EvidenceOptions;
            // A request with lines for several policy drugs is decided line by line, each under its own product's policy.
            var lines = PasBundleEvidence.PolicyDrugLines(request);
            var decided = (lines.Count > 1 ? lines.Select(l => (Line: (int?)l, Evidence: PasBundleEvidence.Extract(request, options: options, line: l)))
                    : [(Line: (int?)null, Evidence: PasBundleEvidence.Extract(request, options: options))])
                .Select(x => (x.Line, x.Evidence, Decision: DecisionEngine.Decide(x.Evidence, catalog))).ToList();
            LoadedPolicy? PolicyOf(Decision d) => catalog.Policies.FirstOrDefault(p => p.Url == d.PolicyUrl && p.Version == d.PolicyVersion);
            if (parse.GetValue(json))
            {
                JsonObject One((int? Line, EvidenceSet Evidence, Decision Decision) x)
                {
                    var result = DecisionJson.ToJson(x.Decision, PolicyOf(x.Decision));
                    if (x.Line is { } line) result["line"] = line;
                    result["evidenceNotes"] = new JsonArray(x.Evidence.Notes.Select(n => (JsonNode?)n).ToArray());
                    return result;
                }
                var document = decided.Count == 1 ? One(decided[0]) : new JsonObject { ["lines"] = new JsonArray(decided.Select(x => (JsonNode?)One(x)).ToArray()) };
                output.WriteLine(document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                foreach (var (line, evidence, decision) in decided)
                {
                    if (line is not null) output.WriteLine($"Line {line}:");
                    DecisionText.Write(output, decision, PolicyOf(decision));
                    if (evidence.Notes.Count > 0) output.WriteLine();
                    foreach (var note in evidence.Notes) output.WriteLine($"Evidence note: {note}");
                    if (line is not null) output.WriteLine();
                }
            }
            return 0;
        });
        return command;
    }

    private static PolicyRoots? Roots(DirectoryInfo? root, TextWriter error)
    {
        var roots = root is not null ? PolicyRoots.Under(root.FullName) : PolicyRoots.Find(Directory.GetCurrentDirectory());
        if (roots is null || !Directory.Exists(roots.Questionnaires))
        {
            error.WriteLine(root is null
                ? "no questionnaires/ folder found from the current directory upward; pass --root"
                : $"{root.FullName} has no questionnaires/ folder");
            return null;
        }
        return roots;
    }

    private static JsonObject? Read(FileInfo file, TextWriter error)
    {
        try
        {
            var result = FhirJsonParser.Parse(File.ReadAllBytes(file.FullName));
            if (result.Resource is { } resource) return resource;
            foreach (var issue in result.Issues) error.WriteLine($"{file.Name}: {issue.Expression}: {issue.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"cannot read {file.FullName}: {e.Message}");
        }
        return null;
    }
}
