using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Artifacts;
using FhirPriorAuth.Policies.Decisions;
using FhirPriorAuth.Policies.Evidence;

namespace FhirPriorAuth.Cli.Commands;

/// <summary>A decision as JSON for scripts: the same content as the text form, with values typed.</summary>
internal static class DecisionJson
{
    public static JsonObject ToJson(Decision decision, LoadedPolicy? policy) => new()
    {
        ["action"] = DecisionText.Code(decision),
        ["actionText"] = DecisionText.Words(decision),
        ["form"] = decision.Referral is null,
        ["referral"] = decision.Referral is not { } r ? null : new JsonObject { ["kind"] = r.Kind == ReferralKind.ContactPayer ? "contact-payer" : "review", ["reason"] = r.Reason },
        ["policy"] = policy is null ? null : new JsonObject
        {
            ["name"] = policy.PolicyName, ["url"] = policy.Url, ["version"] = policy.Version,
            ["effectiveStart"] = policy.EffectiveStart.ToString("yyyy-MM-dd"), ["effectiveEnd"] = policy.EffectiveEnd?.ToString("yyyy-MM-dd"),
        },
        ["summary"] = decision.Summary,
        ["authorization"] = decision.Authorization is not { } a ? null : new JsonObject
        {
            ["start"] = a.Start.ToString("yyyy-MM-dd"), ["end"] = a.End.ToString("yyyy-MM-dd"),
            ["quantity"] = a.Quantity, ["unit"] = a.QuantityUnit, ["product"] = a.Product,
        },
        ["missingDocumentation"] = new JsonArray(decision.MissingDocumentation.Select(m => (JsonNode?)m).ToArray()),
        ["conflicts"] = new JsonArray(decision.Conflicts.Select(c => (JsonNode?)new JsonObject
        {
            ["fact"] = c.Name, ["statements"] = Facts(c.Facts),
        }).ToArray()),
        ["criteria"] = Criteria(decision.Criteria),
    };

    private static JsonArray Criteria(IReadOnlyList<CriterionResult> results) =>
        new(results.Select(r => (JsonNode?)new JsonObject
        {
            ["id"] = r.Id, ["title"] = r.Title, ["outcome"] = r.Outcome.ToString(),
            ["citation"] = r.Citation.ToString(), ["reason"] = r.Reason,
            ["evidence"] = Facts(r.Evidence), ["children"] = Criteria(r.Children),
        }).ToArray());

    private static JsonArray Facts(IReadOnlyList<Fact> facts) =>
        new(facts.Select(f => (JsonNode?)new JsonObject
        {
            ["fact"] = f.Name, ["value"] = Value(f.Value), ["source"] = f.Source.ToString(),
        }).ToArray());

    private static JsonNode? Value(object value) => value switch
    {
        bool b => b,
        int i => i,
        decimal d => d,
        string s => s,
        _ => ReasonText.Value(value),
    };
}
