using System.Text.Json.Nodes;
using FhirPriorAuth.Testing;

namespace FhirPriorAuth.Policies.Tests.Policies;

/// <summary>The policy and its DTR template agree: a prescriber can document every criterion through DTR.</summary>
public sealed class EverolimusArtifactTests
{
    /// <summary>Facts the claim and coverage always carry; DTR does not ask them.</summary>
    private static readonly string[] ClaimFacts = ["payer", "drug", "serviceDate", "lineOfBusiness", "brandRequested"];

    [Fact]
    public void The_Centene_everolimus_questionnaire_asks_every_clinical_fact_the_policy_reads()
    {
        var path = Path.Combine(SharedData.RepoRoot, "questionnaires", "centene", "everolimus", "Questionnaire-centene-everolimus.json");
        Assert.SkipUnless(File.Exists(path), "the DTR template (branch dtrcontent) is not on this branch");
        var questionnaire = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var asked = new HashSet<string>(StringComparer.Ordinal);
        Collect(questionnaire["item"]?.AsArray(), asked);

        var read = EverolimusPolicy.Policy.Actions.SelectMany(a => EverolimusPolicy.FactsRead(a.Id)).Distinct();

        Assert.Empty(read.Except(ClaimFacts).Where(f => !asked.Contains(f)).Order(StringComparer.Ordinal));
    }

    private static void Collect(JsonArray? items, HashSet<string> linkIds)
    {
        foreach (var item in items?.OfType<JsonObject>() ?? [])
        {
            if (item["linkId"]?.GetValue<string>() is { } linkId) linkIds.Add(linkId);
            Collect(item["item"]?.AsArray(), linkIds);
        }
    }
}
