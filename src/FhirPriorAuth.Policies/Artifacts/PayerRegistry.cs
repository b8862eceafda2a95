using System.Text.Json.Nodes;

namespace FhirPriorAuth.Policies.Artifacts;

/// <summary>
/// A payer as data (the package's <c>Organization-&lt;payer&gt;.json</c>): its id (the <c>payer-id</c> identifier the
/// policies' <c>useContext</c> and a Coverage's payor carry), its name, and the Coverage.class plan values that are its
/// marketplace (HIM) plans — the line of business the policies' HIM durations and referrals read.
/// </summary>
public sealed record Payer(string Id, string Name, IReadOnlyList<string> MarketplacePlans);

internal static class PayerRegistry
{
    public const string PayerIdSystem = PolicyReader.Base + "/payer-id";
    public const string MarketplacePlanUrl = PolicyReader.ExtensionBase + "pa-marketplace-plan";

    /// <summary>Reads one payer Organization; a problem (and null) when it has no payer-id or name.</summary>
    public static Payer? Read(JsonObject organization, string file, List<PolicyLoadProblem> problems)
    {
        var id = organization.Objs("identifier").FirstOrDefault(i => i.Str("system") == PayerIdSystem).Str("value");
        var name = organization.Str("name");
        if (string.IsNullOrWhiteSpace(id)) problems.Add(new(file, "Organization.identifier", $"a payer needs an identifier in {PayerIdSystem}"));
        if (string.IsNullOrWhiteSpace(name)) problems.Add(new(file, "Organization.name", "a payer needs a name"));
        var plans = new List<string>();
        var extensions = organization.Objs("extension").Where(e => e.Str("url") == MarketplacePlanUrl).ToList();
        for (var i = 0; i < extensions.Count; i++)
        {
            if (extensions[i].Str("valueString") is { Length: > 0 } plan) plans.Add(plan);
            else problems.Add(new(file, $"Organization.extension('pa-marketplace-plan')[{i}]", "needs a valueString: the Coverage.class plan value"));
        }
        return string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(name) ? null : new Payer(id, name, plans);
    }

    public static void CheckDuplicates(List<(Payer Payer, string File)> payers, List<PolicyLoadProblem> problems)
    {
        foreach (var dup in payers.GroupBy(p => p.Payer.Id).Where(g => g.Count() > 1))
            problems.Add(new(dup.Last().File, "Organization.identifier", $"payer '{dup.Key}' is also defined in {dup.First().File}"));
    }
}
