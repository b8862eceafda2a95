using System.Text.Json;
using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Serialization;

namespace FhirPriorAuth.Policies.Artifacts;

/// <summary>
/// Every policy artifact of the deployment, loaded and validated: PlanDefinitions, DTR Questionnaires and Libraries
/// under <c>questionnaires/&lt;payer&gt;/&lt;drug&gt;/</c>, and the project package (CodeSystems, ValueSets). A catalog
/// with any <see cref="Problems"/> must not be used to decide.
/// </summary>
public sealed class PolicyCatalog
{
    private PolicyCatalog(IReadOnlyList<LoadedPolicy> policies, IReadOnlyDictionary<string, JsonObject> questionnaires,
        IReadOnlyDictionary<string, JsonObject> libraries, IReadOnlyList<JsonObject> terminology, IReadOnlyList<PolicyLoadProblem> problems)
    {
        // The absence lint tries many scenarios per condition (seconds for every policy): only lint and tests ask for it,
        // so a server or CLI run that only decides does not pay for it at start.
        _warnings = new Lazy<IReadOnlyList<PolicyLoadProblem>>(() =>
        {
            var warnings = new List<PolicyLoadProblem>();
            foreach (var policy in policies) AbsenceLint.Check(policy, warnings);
            return warnings;
        });
        Policies = policies;
        Questionnaires = questionnaires;
        Libraries = libraries;
        Terminology = terminology;
        Problems = problems;
    }

    /// <summary>The valid PlanDefinitions, ordered by payer, drug and effective date.</summary>
    public IReadOnlyList<LoadedPolicy> Policies { get; }

    /// <summary>Questionnaires by canonical url.</summary>
    public IReadOnlyDictionary<string, JsonObject> Questionnaires { get; }

    /// <summary>Libraries by canonical url.</summary>
    public IReadOnlyDictionary<string, JsonObject> Libraries { get; }

    /// <summary>CodeSystems and ValueSets of the project package.</summary>
    public IReadOnlyList<JsonObject> Terminology { get; }

    /// <summary>The payer registry: the package's payer Organizations (id, name, marketplace plans).</summary>
    public IReadOnlyList<Payer> Payers { get; private init; } = [];

    /// <summary>
    /// The evidence settings the payer registry gives: each payer's marketplace plans, and Questionnaires resolved from
    /// the catalog. Every caller that extracts evidence for a decision under this catalog uses them.
    /// </summary>
    public Evidence.EvidenceOptions EvidenceOptions => new()
    {
        MarketplacePlansByPayer = Payers.ToDictionary(p => p.Id, p => (IReadOnlyCollection<string>)p.MarketplacePlans, StringComparer.Ordinal),
        ResolveQuestionnaire = canonical => Questionnaires.GetValueOrDefault(canonical.Split('|')[0]),
    };

    /// <summary>Every problem found, in file order; empty when the catalog is fit to use.</summary>
    public IReadOnlyList<PolicyLoadProblem> Problems { get; }

    /// <summary>
    /// Conditions that, as written, would turn an undocumented fact into Not met (docs/policy-format.md, "Absent
    /// facts"). Not problems: the engine reads them as unknown, so the catalog stays usable; authors fix or allow-list them.
    /// </summary>
    public IReadOnlyList<PolicyLoadProblem> Warnings => _warnings.Value;

    private readonly Lazy<IReadOnlyList<PolicyLoadProblem>> _warnings;

    /// <summary>
    /// For hosts that must not start with broken policies: throws <see cref="InvalidOperationException"/> listing every
    /// problem, one per line, when there are any.
    /// </summary>
    public PolicyCatalog EnsureUsable()
    {
        if (Problems.Count == 0) return this;
        throw new InvalidOperationException($"{Problems.Count} problems in the policy artifacts:\n" + string.Join("\n", Problems));
    }

    /// <summary>A catalog of ready-made policies (tests, tools).</summary>
    public static PolicyCatalog Of(params LoadedPolicy[] policies) =>
        new(policies, new Dictionary<string, JsonObject>(), new Dictionary<string, JsonObject>(), [], []);

    /// <summary>
    /// The policy governing <paramref name="drug"/> for <paramref name="payer"/> on the date of service: its
    /// effectivePeriod contains the date (both ends inclusive). When periods overlap the latest start wins.
    /// </summary>
    public LoadedPolicy? Find(string payer, string drug, DateOnly dateOfService)
    {
        LoadedPolicy? best = null;
        foreach (var p in Policies)
            if (p.Payer == payer && p.Drug == drug && p.InEffectOn(dateOfService) && (best is null || p.EffectiveStart > best.EffectiveStart))
                best = p;
        return best;
    }

    /// <summary>Loads and validates everything; never throws for bad content (missing roots are problems too).</summary>
    public static PolicyCatalog Load(string questionnairesRoot, string packageRoot)
    {
        var problems = new List<PolicyLoadProblem>();
        var plans = new List<(string File, JsonObject Json)>();
        var questionnaires = new List<(string File, JsonObject Json)>();
        var libraries = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var terminology = new List<JsonObject>();
        var terminologyFiles = new Dictionary<JsonObject, string>(ReferenceEqualityComparer.Instance);
        var libraryFiles = new Dictionary<JsonObject, string>(ReferenceEqualityComparer.Instance);
        var payers = new List<(Payer Payer, string File)>();

        if (!Directory.Exists(questionnairesRoot))
            problems.Add(new(questionnairesRoot, "", "the policy folder does not exist"));
        else
            foreach (var path in Files(questionnairesRoot))
            {
                var file = Relative(questionnairesRoot, path);
                if (Parse(path, file, problems) is not { } json) continue;
                var type = json.Str("resourceType");
                var depth = file.Split('/').Length;
                if (depth != 3) problems.Add(new(file, type ?? "", "artifacts live at questionnaires/<payer>/<drug>/<file>.json"));
                switch (type)
                {
                    case "PlanDefinition": plans.Add((file, json)); break;
                    case "Questionnaire": questionnaires.Add((file, json)); break;
                    case "Library": AddLibrary(json, file, libraries, libraryFiles, problems); break;
                    default: problems.Add(new(file, type ?? "", "only PlanDefinition, Questionnaire and Library belong here")); break;
                }
            }

        LoadPackage(packageRoot, problems, terminology, terminologyFiles, libraries, libraryFiles, payers);
        PayerRegistry.CheckDuplicates(payers, problems);
        CheckEvidenceCodes(terminology, terminologyFiles, problems);

        var policies = new List<LoadedPolicy>();
        foreach (var (file, json) in plans)
            if (new PolicyReader(file, problems).Read(json) is { } policy) policies.Add(policy);
        CheckDuplicates(policies, problems);

        var canonicals = new HashSet<string>(libraries.Keys, StringComparer.Ordinal);
        CheckLibraryDependencies(libraryFiles, canonicals, problems);
        var byUrl = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (file, json) in questionnaires)
        {
            QuestionnaireChecker.Check(json, file, canonicals, problems);
            if (json.Str("url") is { } url) byUrl[url] = json;
            else problems.Add(new(file, "Questionnaire.url", "missing"));
        }
        policies.Sort((a, b) => (a.Payer, a.Drug, a.EffectiveStart).CompareTo((b.Payer, b.Drug, b.EffectiveStart)));
        return new PolicyCatalog(policies, byUrl, libraries, terminology, problems) { Payers = [.. payers.Select(p => p.Payer)] };
    }

    private static void AddLibrary(JsonObject json, string file, Dictionary<string, JsonObject> libraries,
        Dictionary<JsonObject, string> libraryFiles, List<PolicyLoadProblem> problems)
    {
        libraryFiles[json] = file;
        if (json.Str("url") is not { } url)
        {
            problems.Add(new(file, "Library.url", "missing"));
            return;
        }
        libraries[url] = json;
        if (json.Str("version") is { } v) libraries[url + "|" + v] = json;
    }

    /// <summary>A Library that depends on one of the project's Libraries (its CQL includes it) finds it loaded.</summary>
    private static void CheckLibraryDependencies(Dictionary<JsonObject, string> files, HashSet<string> canonicals, List<PolicyLoadProblem> problems)
    {
        foreach (var (library, file) in files)
        {
            var related = library.Objs("relatedArtifact");
            for (var i = 0; i < related.Count; i++)
                if (related[i].Str("type") == "depends-on" && related[i].Str("resource") is { } target
                    && target.StartsWith(PolicyReader.Base + "/Library/", StringComparison.Ordinal)
                    && !canonicals.Contains(target) && !canonicals.Contains(target.Split('|')[0]))
                    problems.Add(new(file, $"Library.relatedArtifact[{i}]", $"depends on '{target}', which is not a loaded Library"));
        }
    }

    /// <summary>The package's pa-evidence CodeSystem, when present, defines every code the fact catalog uses.</summary>
    private static void CheckEvidenceCodes(List<JsonObject> terminology, Dictionary<JsonObject, string> files, List<PolicyLoadProblem> problems)
    {
        if (terminology.FirstOrDefault(t => t.Str("resourceType") == "CodeSystem" && t.Str("url") == Evidence.FactCatalog.PaEvidence) is not { } cs)
            return;
        var codes = new HashSet<string>(StringComparer.Ordinal);
        void Collect(JsonObject parent)
        {
            foreach (var c in parent.Objs("concept"))
            {
                if (c.Str("code") is { } code) codes.Add(code);
                Collect(c);
            }
        }
        Collect(cs);
        foreach (var fact in Evidence.FactCatalog.All)
            foreach (var coding in fact.Codings ?? [])
                if (coding.System == Evidence.FactCatalog.PaEvidence && !codes.Contains(coding.Code))
                    problems.Add(new(files[cs], "CodeSystem.concept", $"'{coding.Code}' (fact '{fact.Name}') is not defined"));
    }

    private static void LoadPackage(string packageRoot, List<PolicyLoadProblem> problems, List<JsonObject> terminology,
        Dictionary<JsonObject, string> terminologyFiles, Dictionary<string, JsonObject> libraries, Dictionary<JsonObject, string> libraryFiles,
        List<(Payer Payer, string File)> payers)
    {
        if (!Directory.Exists(packageRoot))
        {
            problems.Add(new(packageRoot, "", "the package folder does not exist"));
            return;
        }
        var manifest = Path.Combine(packageRoot, "package.json");
        try
        {
            if (JsonNode.Parse(File.ReadAllText(manifest)) is not JsonObject m || m.Str("name") is null || m.Str("version") is null)
                problems.Add(new("package.json", "", "needs a name and a version"));
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            problems.Add(new("package.json", "", $"unreadable: {e.Message}"));
        }
        foreach (var path in Files(packageRoot))
        {
            var file = Relative(packageRoot, path);
            if (Path.GetFileName(path) is "package.json" or ".index.json") continue;
            if (Parse(path, file, problems) is not { } json) continue;
            switch (json.Str("resourceType"))
            {
                case "CodeSystem" or "ValueSet":
                    terminology.Add(json);
                    terminologyFiles[json] = file;
                    break;
                case "Library": AddLibrary(json, file, libraries, libraryFiles, problems); break; // shared CQL used by every policy's library
                case "Organization": // the payer registry
                    if (PayerRegistry.Read(json, file, problems) is { } payer) payers.Add((payer, file));
                    break;
                default: problems.Add(new(file, json.Str("resourceType") ?? "", "the package holds CodeSystems, ValueSets, shared Libraries and payer Organizations only")); break;
            }
        }
    }

    private static void CheckDuplicates(List<LoadedPolicy> policies, List<PolicyLoadProblem> problems)
    {
        foreach (var group in policies.GroupBy(p => (p.Payer, p.Drug)))
        {
            var list = group.OrderBy(p => p.EffectiveStart).ToList();
            for (var i = 1; i < list.Count; i++)
                if (list[i - 1].EffectiveEnd is not { } end || end >= list[i].EffectiveStart)
                    problems.Add(new(list[i].File, "PlanDefinition.effectivePeriod",
                        $"overlaps {list[i - 1].File}: two policies would govern {group.Key.Payer} {group.Key.Drug} on {list[i].EffectiveStart:yyyy-MM-dd}"));
        }
        foreach (var dup in policies.GroupBy(p => p.Url + "|" + p.Version).Where(g => g.Count() > 1))
            problems.Add(new(dup.Last().File, "PlanDefinition.url", $"{dup.Key} is also defined in {dup.First().File}"));
    }

    private static IEnumerable<string> Files(string root) =>
        Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    /// <summary>Structural errors from the FHIR parser are load problems; warnings are not.</summary>
    private static JsonObject? Parse(string path, string file, List<PolicyLoadProblem> problems)
    {
        FhirParseResult result;
        try
        {
            result = FhirJsonParser.Parse(File.ReadAllBytes(path));
        }
        catch (IOException e)
        {
            problems.Add(new(file, "", $"unreadable: {e.Message}"));
            return null;
        }
        foreach (var issue in result.Issues.Where(i => i.IsError))
            problems.Add(new(file, issue.Expression, $"{issue.Id}: {issue.Message}"));
        return result.IsValid ? result.Resource : null;
    }
}
