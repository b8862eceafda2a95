using System.Diagnostics;
using System.Text.Json.Nodes;

namespace FhirPriorAuth.Testing;

/// <summary>
/// Our FHIR output judged by an independent validator (Medplum's, run by tools/FhirPriorAuth.ProfileCheck) against
/// base R4 and the IG profiles each resource claims in <c>meta.profile</c>, read from the official packages in
/// ../shared/ig-packages. Without the tool's node_modules a test skips locally and fails in CI; without ../shared it skips.
/// </summary>
public static class ProfileCheck
{
    /// <summary>One finding: where (a FHIRPath-like path inside the checked resource), against which profile, what.</summary>
    public sealed record Finding(string Name, string Path, string ResourceType, string Profile, string Severity, string Message, string Expression)
    {
        public override string ToString() => $"{Name} {Path} [{Profile}] {Severity}: {Message} at {Expression}";
    }

    /// <summary>What one run checked: every (resource, profile) pair, and the findings.</summary>
    public sealed record Report(IReadOnlyList<(string Name, string Path, string Profile)> Checked, IReadOnlyList<Finding> Findings)
    {
        /// <summary>Errors (and fatal ones) only: the validator's warnings and information are not conformance failures.</summary>
        public IEnumerable<Finding> Errors => Findings.Where(f => f.Severity is "error" or "fatal");

        /// <summary>Claimed profiles that none of the given packages defines (e.g. US Core): not checked.</summary>
        public IEnumerable<string> NotLoaded => Checked.Select(c => c.Profile).Where(p => p.StartsWith("not-loaded:", StringComparison.Ordinal)).Distinct();
    }

    /// <summary>
    /// A second, independent judge run over the same resources and packages (Firely's validator, registered by the test
    /// projects that reference tools/FhirPriorAuth.FirelyCheck); its findings carry the profile <see cref="SecondJudgeProfile"/>
    /// and have had the judge's own known limitations removed.
    /// </summary>
    public static Func<IReadOnlyList<(string Name, string Json)>, IReadOnlyList<string>, IReadOnlyList<Finding>>? SecondJudge { get; set; }

    public const string SecondJudgeProfile = "(firely)";

    private static string ToolDir => Path.Combine(SharedData.RepoRoot, "tools", "FhirPriorAuth.ProfileCheck");

    /// <summary>Skips (locally) or fails (CI) when the validator or the IG packages are missing.</summary>
    public static void RequireTool()
    {
        if (SharedData.Root is null)
            Assert.Skip(SharedData.MissingMessage);
        if (Directory.Exists(Path.Combine(ToolDir, "node_modules")))
            return;
        Assert.False(Environment.GetEnvironmentVariable("CI") == "true",
            "tools/FhirPriorAuth.ProfileCheck/node_modules is missing in CI: run npm ci --prefix tools/FhirPriorAuth.ProfileCheck");
        Assert.Skip("the profile validator is not installed: run npm ci --prefix tools/FhirPriorAuth.ProfileCheck");
    }

    /// <summary>
    /// Validates the named resources in one validator run (loading the definitions takes about a second) against the
    /// given IG packages (file names under ../shared/ig-packages, e.g. <c>hl7.fhir.us.davinci-pas-2.2.1.tgz</c>).
    /// With <paramref name="extensions"/>, each extension a package defines is also checked against its definition
    /// (a result with the extension's URL as profile): Medplum checks a profile's extension slices by count only.
    /// </summary>
    public static async Task<Report> ValidateAsync(IEnumerable<(string Name, JsonNode Resource)> resources, IEnumerable<string> igPackages, CancellationToken ct,
        bool extensions = false)
    {
        RequireTool();
        var folder = Directory.CreateTempSubdirectory("fpa-profilecheck-").FullName;
        try
        {
            var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(Path.Combine(ToolDir, "validate.cjs"));
            foreach (var package in igPackages)
            {
                start.ArgumentList.Add("--ig");
                start.ArgumentList.Add(SharedData.PathTo("ig-packages", package)!);
            }
            if (extensions)
                start.ArgumentList.Add("--extensions");
            var names = new Dictionary<string, string>();
            var index = 0;
            var list = resources.ToList();
            foreach (var (name, resource) in list)
            {
                var file = Path.Combine(folder, $"{index++}.json");
                await File.WriteAllTextAsync(file, resource.ToJsonString(), ct);
                names[Path.GetFileName(file)] = name;
                start.ArgumentList.Add(file);
            }
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            // The second judge works in-process while the first runs in node.
            var second = SecondJudge is { } judge
                ? Task.Run(() => judge(list.Select(r => (r.Name, r.Resource.ToJsonString())).ToList(),
                    igPackages.Select(p => SharedData.PathTo("ig-packages", p)!).ToList()), ct)
                : Task.FromResult<IReadOnlyList<Finding>>([]);
            await process.WaitForExitAsync(ct);
            Assert.True(process.ExitCode == 0, $"the profile validator failed: {await stderr}");
            var report = Read(await stdout, names);
            return report with { Findings = [.. report.Findings, .. await second] };
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Report Read(string output, Dictionary<string, string> names)
    {
        var checkedPairs = new List<(string, string, string)>();
        var findings = new List<Finding>();
        foreach (var result in JsonNode.Parse(output)!.AsArray().OfType<JsonObject>())
        {
            var name = names[(string)result["file"]!];
            var path = (string)result["path"]!;
            var profile = (string)result["profile"]!;
            checkedPairs.Add((name, path, profile));
            foreach (var issue in result["issues"]!.AsArray().OfType<JsonObject>())
                findings.Add(new Finding(name, path, (string)result["resourceType"]!, profile,
                    (string?)issue["severity"] ?? "error", (string?)issue["message"] ?? "", (string?)issue["expression"] ?? ""));
        }
        return new Report(checkedPairs, findings);
    }

    /// <summary>Pretty text of findings, for an assertion message.</summary>
    public static string Describe(IEnumerable<Finding> findings) => string.Join(Environment.NewLine, findings.Select(f => f.ToString()));
}
