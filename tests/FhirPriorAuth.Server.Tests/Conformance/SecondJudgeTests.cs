using System.Text.Json.Nodes;
using FhirPriorAuth.FirelyCheck;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Server.Tests.Pas;
using FhirPriorAuth.Testing;

namespace FhirPriorAuth.Server.Tests.Conformance;

/// <summary>
/// The second profile judge (Firely's validator, tools/FhirPriorAuth.FirelyCheck) that every profile check in this
/// assembly also runs: its known limits each show on the IG's own example, it reports what the first judge misses, and
/// it substitutes only the definitions of packages this machine does not hold.
/// </summary>
public sealed class SecondJudgeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<int> Limits() => [.. Enumerable.Range(0, FirelyLimits.All.Length)];

    [Theory]
    [MemberData(nameof(Limits))]
    public async Task Given_AKnownLimitOfTheSecondJudge_When_TheIgsOwnExampleIsJudged_Then_ItShowsTheSameFinding(int index)
    {
        var limit = FirelyLimits.All[index];
        var example = await ExampleAsync(limit.Package, limit.Example);
        if (limit.Claim is { } profile)
            example["meta"] = new JsonObject { ["profile"] = new JsonArray(profile) };

        var findings = FirelyJudge.Validate([(limit.Example, example.ToJsonString())], [Package(limit.Package)]);

        Assert.Contains(findings, f => f.IsError && FirelyLimits.Explain(f) == limit);
    }

    [Fact]
    public async Task Given_AModificationWhoseProductIsWordsOnly_When_Judged_Then_TheSecondJudgeReportsTheRequiredBinding()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var bundle = await PasScenarios.AnswerAsync("modify-quantity", request => PasClient.SubmitAsync(server.CreateClient(), request));
        var productOrService = PasClient.ClaimResponse(bundle)["addItem"]![0]!["productOrService"]!.AsObject();
        productOrService.Remove("coding");
        productOrService["text"] = "any generic equivalent";

        var report = await ProfileCheck.ValidateAsync([("words-only", bundle)], [PasProfiles.Pas221], Ct);

        // PAS binds addItem.productOrService (required) to HCPCS/CPT/NDC/X12 codes; Medplum's check does not look.
        Assert.Contains(report.Errors, e => e.Profile == ProfileCheck.SecondJudgeProfile && e.Expression.Contains("addItem[0].productOrService", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Given_ThePasIgsOwnResponseExample_When_Judged_Then_OnlyDefinitionsFromPackagesNotHereAreSubstituted()
    {
        var example = await ExampleAsync(PasProfiles.Pas221, "example/Bundle-ReferralAuthorizationResponseBundleExample.json");
        var packages = new[] { Package(PasProfiles.Pas221) };

        FirelyJudge.Validate([("example", example.ToJsonString())], packages);

        var substituted = FirelyJudge.Substitutions(packages);
        Assert.NotEmpty(substituted);
        Assert.DoesNotContain(substituted.Keys, url => url.StartsWith("http://hl7.org/fhir/us/davinci-pas/", StringComparison.Ordinal));
    }

    private static string Package(string file)
    {
        var path = SharedData.PathTo("ig-packages", file);
        Assert.SkipWhen(path is null, SharedData.MissingMessage);
        return path!;
    }

    // A resource from a package: a file, or "#entry[i].resource" inside a Bundle file.
    private static async Task<JsonObject> ExampleAsync(string package, string example)
    {
        var parts = example.Split('#');
        var node = await PasProfiles.FromPackageAsync(package, "package/" + parts[0]);
        if (parts.Length > 1 && parts[1].StartsWith("entry[", StringComparison.Ordinal))
            node = node["entry"]![int.Parse(parts[1][6..parts[1].IndexOf(']')])]!["resource"]!;
        return node.DeepClone().AsObject();
    }
}
