using System.Globalization;
using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Decisions;
using FhirPriorAuth.Policies.Evidence;

namespace FhirPriorAuth.Server.Pas.Review;

/// <summary>The facts and criterion results a reviewer reads, as JSON: every fact with its source, every criterion with its citation.</summary>
internal static class ReviewFindings
{
    public static JsonObject Evidence(EvidenceSet evidence) => new()
    {
        ["facts"] = new JsonArray([.. evidence.Names.Order(StringComparer.Ordinal).SelectMany(n => evidence[n]).Select(Fact)]),
        ["conflicts"] = new JsonArray([.. evidence.Conflicts.Select(c => (JsonNode)c.Name)]),
        ["notes"] = new JsonArray([.. evidence.Notes.Select(n => (JsonNode)n)]),
    };

    public static JsonObject Decision(Decision decision) => new()
    {
        ["action"] = decision.Action.ToString(),
        ["policy"] = decision.PolicyUrl,
        ["policyVersion"] = decision.PolicyVersion,
        ["summary"] = decision.Summary,
        ["missingDocumentation"] = new JsonArray([.. decision.MissingDocumentation.Select(m => (JsonNode)m)]),
        ["criteria"] = new JsonArray([.. decision.Criteria.Select(Criterion)]),
    };

    private static JsonNode Fact(Fact fact) => new JsonObject
    {
        ["name"] = fact.Name,
        ["value"] = Value(fact.Value),
        ["source"] = fact.Source.ToString(),
    };

    private static JsonNode Criterion(CriterionResult criterion) => new JsonObject
    {
        ["id"] = criterion.Id,
        ["title"] = criterion.Title,
        ["outcome"] = criterion.Outcome.ToString(),
        ["role"] = criterion.Role.ToString(),
        ["applies"] = criterion.Applies,
        ["citation"] = criterion.Citation.ToString(),
        ["reason"] = criterion.Reason,
        ["evidence"] = new JsonArray([.. criterion.Evidence.Select(Fact)]),
        ["children"] = new JsonArray([.. criterion.Children.Select(Criterion)]),
    };

    private static JsonNode? Value(object value) => value switch
    {
        bool b => b,
        int i => i,
        decimal d => d,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
