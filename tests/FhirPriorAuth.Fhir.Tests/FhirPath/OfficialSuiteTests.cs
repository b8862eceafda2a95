using FhirPriorAuth.Fhir.FhirPath.Conformance;
using FhirPriorAuth.Testing;

namespace FhirPriorAuth.Fhir.Tests.FhirPath;

/// <summary>
/// Runs every case of the official FHIRPath R4 suite (read from ../shared at test time) as one data row.
/// Cases listed in known-failures.txt must keep failing; any other case must pass.
/// </summary>
public class OfficialSuiteTests
{
    private static readonly string? SuitePath = SharedData.PathTo("conformance", "fhirpath", "fhir-test-cases-r4", "tests-fhir-r4.xml");

    private static readonly Lazy<IReadOnlyDictionary<string, FhirPathTestCase>> Cases = new(() =>
        SuitePath is null ? new Dictionary<string, FhirPathTestCase>() : FhirPathTestSuite.Load(SuitePath).ToDictionary(c => c.Id));

    private static readonly Lazy<FhirPathTestRunner> Runner = new(() => new FhirPathTestRunner(Path.GetDirectoryName(SuitePath)!));

    private static readonly Lazy<IReadOnlyDictionary<string, string>> KnownFailures = new(LoadKnownFailures);

    private const string NoSuite = "(suite absent)";

    public static TheoryData<string> CaseIds()
    {
        var data = new TheoryData<string>();
        if (SuitePath is null || !File.Exists(SuitePath)) data.Add(NoSuite);
        else foreach (var id in Cases.Value.Keys) data.Add(id);
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void OfficialCase(string id)
    {
        Assert.SkipWhen(id == NoSuite, SharedData.MissingMessage);
        var outcome = Runner.Value.Run(Cases.Value[id]);
        var known = KnownFailures.Value.TryGetValue(id, out var reason);
        if (outcome.Passed)
            Assert.False(known, $"{id} now passes; remove it from known-failures.txt (listed because: {reason})");
        else
            Assert.True(known, $"{id}: {Cases.Value[id].Expression.Trim()} -- {outcome.Failure}");
    }

    [Fact]
    public void KnownFailures_NameRealCasesWithReasons()
    {
        Assert.SkipWhen(SuitePath is null, SharedData.MissingMessage);
        foreach (var (id, reason) in KnownFailures.Value)
        {
            Assert.True(Cases.Value.ContainsKey(id), $"known-failures.txt names '{id}', which is not in the suite");
            Assert.False(string.IsNullOrWhiteSpace(reason), $"known-failures.txt gives no reason for '{id}'");
        }
    }

    [Fact]
    public void Suite_HasTheExpectedSizeAndPassRate()
    {
        Assert.SkipWhen(SuitePath is null, SharedData.MissingMessage);
        Assert.Equal(935, Cases.Value.Count);
        // The target is 95 % of the suite; known failures are the only allowed misses.
        Assert.True(Cases.Value.Count - KnownFailures.Value.Count >= 889, $"{KnownFailures.Value.Count} known failures exceed the 5 % budget");
    }

    private static IReadOnlyDictionary<string, string> LoadKnownFailures()
    {
        var path = Path.Combine(SharedData.RepoRoot, "tests", "FhirPriorAuth.Fhir.Tests", "FhirPath", "known-failures.txt");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var bar = line.IndexOf('|');
            var id = (bar < 0 ? line : line[..bar]).Trim();
            result[id] = bar < 0 ? "" : line[(bar + 1)..].Trim();
        }
        return result;
    }
}
