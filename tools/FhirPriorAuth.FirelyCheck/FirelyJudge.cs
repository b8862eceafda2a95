using System.Collections.Concurrent;
using System.Formats.Tar;
using System.IO.Compression;
using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;

namespace FhirPriorAuth.FirelyCheck;

/// <summary>One finding of Firely's validator: which resource, where (FHIRPath), how bad, what.</summary>
public sealed record FirelyFinding(string Name, string Severity, string Message, string Expression)
{
    public bool IsError => Severity is "error" or "fatal";
    public override string ToString() => $"{Name} [firely] {Severity}: {Message} at {Expression}";
}

/// <summary>
/// Firely's validator (Firely.Fhir.Validation.R4) as a second profile judge: base R4 from the SDK's specification.zip,
/// the IG packages from their official .tgz files, every profile a resource claims in <c>meta.profile</c> (Bundle
/// entries included), required bindings checked against the expansions the packages carry. One validator per package
/// set, built once per process (loading and compiling the definitions takes seconds) and shared by the tests.
/// </summary>
public static class FirelyJudge
{
    private static readonly Lazy<IAsyncResourceResolver> Core = new(() =>
        new CachedResolver(ZipSource.CreateValidationSource(Path.Combine(AppContext.BaseDirectory, "specification.zip"))));

    private static readonly ConcurrentDictionary<string, Lazy<Judge>> Judges = new();

    /// <summary>Validates each resource (JSON text) against base R4 and the profiles it claims from the given packages.</summary>
    public static IReadOnlyList<FirelyFinding> Validate(IEnumerable<(string Name, string Json)> resources, IReadOnlyList<string> packagePaths)
    {
        var judge = Judges.GetOrAdd(string.Join("\n", packagePaths), _ => new Lazy<Judge>(() => new Judge(packagePaths))).Value;
        return resources.SelectMany(r => judge.Validate(r.Name, r.Json)).ToList();
    }

    /// <summary>What the validator for these packages had to substitute so far (wanted canonical → what was used).</summary>
    public static IReadOnlyDictionary<string, string> Substitutions(IReadOnlyList<string> packagePaths) =>
        Judges.TryGetValue(string.Join("\n", packagePaths), out var judge) && judge.IsValueCreated
            ? new Dictionary<string, string>(judge.Value.Resolver.Substituted)
            : new Dictionary<string, string>();

    private sealed class Judge
    {
        private readonly Validator validator;
        private readonly Lock gate = new();
        private readonly FhirJsonDeserializer parser = new(new DeserializerSettings().UsingMode(DeserializationMode.Recoverable));

        public MissingPackageResolver Resolver { get; }

        public Judge(IReadOnlyList<string> packagePaths)
        {
            var sources = packagePaths.Select(p => (IAsyncResourceResolver)new DirectorySource(Extracted(p), new DirectorySourceSettings { IncludeSubDirectories = false }))
                .Append(Core.Value).ToArray();
            Resolver = new MissingPackageResolver(new MultiResolver(sources));
            var resolver = new CachedResolver(Resolver);
            validator = new Validator(resolver, new LocalTerminologyService(resolver));
        }

        public IEnumerable<FirelyFinding> Validate(string name, string json)
        {
            if (!parser.TryDeserializeResource(json, out var resource, out var parseIssues))
                foreach (var issue in parseIssues)
                    yield return new FirelyFinding(name, "error", issue.Message, "");
            if (resource is null)
                yield break;
            OperationOutcome outcome;
            lock (gate)
                outcome = validator.Validate(resource);
            foreach (var issue in outcome.Issue)
                yield return new FirelyFinding(name, Severity(issue.Severity), issue.Details?.Text ?? issue.Diagnostics ?? "",
                    string.Join(", ", issue.Expression));
        }

        private static string Severity(OperationOutcome.IssueSeverity? severity) => severity switch
        {
            OperationOutcome.IssueSeverity.Fatal => "fatal",
            OperationOutcome.IssueSeverity.Error => "error",
            OperationOutcome.IssueSeverity.Warning => "warning",
            _ => "information",
        };
    }

    // A package's folder, extracted once per machine under the temp folder (atomically: test processes run side by side).
    private static string Extracted(string packagePath)
    {
        var info = new FileInfo(packagePath);
        var target = Path.Combine(Path.GetTempPath(), $"fpa-firely-{info.Name}-{info.Length}");
        if (!Directory.Exists(target))
        {
            var staging = Directory.CreateTempSubdirectory("fpa-firely-staging-").FullName;
            using (var gzip = new GZipStream(File.OpenRead(packagePath), CompressionMode.Decompress))
                TarFile.ExtractToDirectory(gzip, staging, overwriteFiles: true);
            try { Directory.Move(staging, target); }
            catch (IOException) when (Directory.Exists(target)) { Directory.Delete(staging, recursive: true); }
        }
        return Path.Combine(target, "package");
    }
}
