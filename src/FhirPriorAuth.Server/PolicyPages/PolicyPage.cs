using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Artifacts;

namespace FhirPriorAuth.Server.PolicyPages;

/// <summary>
/// A human-readable page for one payer policy, written from the PlanDefinition this server decides with (and the DTR
/// Questionnaire that gathers its documentation): payer, policy number and title, effective period, every criterion
/// with the policy section it cites, exclusions, limits and the documentation asked for. It holds no patient data.
/// Every text from the artifacts is HTML-encoded; the page has no script and one inline style, allowed by its hash.
/// </summary>
internal static class PolicyPage
{
    /// <summary>The page's only style; the Content-Security-Policy allows exactly this text (by SHA-256).</summary>
    public const string Style =
        "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45}"
        + "cite{font-style:normal;color:#555}q{font-style:italic}.retired{color:#a00;font-weight:bold}";

    // Only the characters HTML gives meaning to are encoded; the page is UTF-8, so dashes and ≥ stay readable.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Render(LoadedPolicy policy, JsonObject? questionnaire, DateOnly today)
    {
        var html = new StringBuilder();
        var title = policy.Title ?? policy.PolicyName;
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title))
            .Append("</title><style>").Append(Style).Append("</style></head><body>\n");
        html.Append("<h1>").Append(E(title)).Append("</h1>\n<dl>\n");
        Term(html, "Payer", policy.Publisher ?? policy.Payer);
        Term(html, "Policy", policy.PolicyName);
        Term(html, "Version", policy.Version);
        var retired = (policy.EffectiveEnd is { } end && end < today) || policy.Status == "retired";
        html.Append("<dt>Effective</dt><dd>").Append(E(Period(policy)));
        if (retired)
            html.Append(" <span class=\"retired\">Retired</span>: no longer applies to new dates of service");
        html.Append("</dd>\n</dl>\n");
        html.Append("<p>This is the policy as this prior-authorization service applies it, not the payer's published document; ")
            .Append("each line cites the policy section it encodes.</p>\n");

        var pathways = policy.Actions.Where(a => a.Role == ActionRole.Pathway).ToList();
        html.Append("<h2>Coverage criteria</h2>\n");
        if (pathways.Count > 1)
            html.Append("<p>Any one of these pathways; within a pathway, every criterion unless stated otherwise.</p>\n");
        foreach (var pathway in pathways)
        {
            html.Append("<section><h3>").Append(E(pathway.Title)).Append("</h3>\n");
            Cited(html, pathway);
            if (pathway.Durations.Count > 0)
                html.Append("<p>Approval: ").Append(E(string.Join("; ", pathway.Durations.Select(Duration)))).Append("</p>\n");
            Actions(html, pathway.Children, pathway.Selection);
            html.Append("</section>\n");
        }
        Section(html, "Exclusions", policy.Actions.Where(a => a.Role == ActionRole.Exclusion).ToList());
        Section(html, "Limits", policy.Actions.Where(a => a.Role == ActionRole.Modification).ToList());
        Documentation(html, questionnaire);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    /// <summary>The page for an id nothing is known under; it does not repeat the id.</summary>
    public static string NotFound() =>
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Policy not found</title></head>"
        + "<body><h1>Policy not found</h1><p>No policy is published here under this id.</p></body></html>\n";

    private static void Actions(StringBuilder html, IReadOnlyList<PolicyAction> actions, SelectionBehavior selection)
    {
        if (actions.Count == 0)
            return;
        if (selection == SelectionBehavior.OneOrMore)
            html.Append("<p>One or more of:</p>\n");
        html.Append("<ul>\n");
        foreach (var action in actions)
        {
            html.Append("<li>");
            if (action.Role == ActionRole.Exclusion)
                html.Append("<strong>Excluded:</strong> ");
            else if (action.Role == ActionRole.Modification)
                html.Append("<strong>Limit:</strong> ");
            html.Append(E(action.Title)).Append(' ');
            Cited(html, action);
            Actions(html, action.Children, action.Selection);
            html.Append("</li>\n");
        }
        html.Append("</ul>\n");
    }

    private static void Section(StringBuilder html, string heading, IReadOnlyList<PolicyAction> actions)
    {
        html.Append("<h2>").Append(E(heading)).Append("</h2>\n");
        if (actions.Count == 0)
        {
            html.Append("<p>None beyond the criteria above.</p>\n");
            return;
        }
        Actions(html, actions, SelectionBehavior.All);
    }

    // The citation, then the policy's own words.
    private static void Cited(StringBuilder html, PolicyAction action)
    {
        html.Append("<cite>(").Append(E(action.Citation.Section)).Append(")</cite>");
        if (action.PolicyWords is { Length: > 0 } words && words != action.Title)
            html.Append(": <q>").Append(E(words)).Append("</q>");
        html.Append('\n');
    }

    // What the DTR Questionnaire asks the provider to document: its questions, grouped as it groups them.
    private static void Documentation(StringBuilder html, JsonObject? questionnaire)
    {
        var items = (questionnaire?["item"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (items.Count == 0)
            return;
        html.Append("<h2>Documentation requested</h2>\n<p>The questions of the payer's documentation form (DTR), answered from the chart or by the clinician:</p>\n");
        Questions(html, items);
    }

    private static void Questions(StringBuilder html, IReadOnlyList<JsonObject> items)
    {
        html.Append("<ul>\n");
        foreach (var item in items.Where(i => (string?)i["type"] != "display" && (string?)i["text"] is { Length: > 0 }))
        {
            html.Append("<li>").Append(E((string)item["text"]!));
            var children = (item["item"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            if (children.Count > 0)
                Questions(html, children);
            html.Append("</li>\n");
        }
        html.Append("</ul>\n");
    }

    private static void Term(StringBuilder html, string term, string value) =>
        html.Append("<dt>").Append(E(term)).Append("</dt><dd>").Append(E(value)).Append("</dd>\n");

    private static string Period(LoadedPolicy policy) =>
        policy.EffectiveEnd is { } end ? $"{Date(policy.EffectiveStart)} to {Date(end)}" : $"from {Date(policy.EffectiveStart)}";

    private static string Duration(ApprovalDuration duration)
    {
        var unit = duration.Unit switch { "mo" => "month", "wk" => "week", _ => "day" };
        var text = $"{duration.Amount.ToString(CultureInfo.InvariantCulture)} {unit}{(duration.Amount == 1 ? "" : "s")}";
        if (duration.LineOfBusiness != "*")
            text += $" ({duration.LineOfBusiness})";
        return duration.CapByRequest ? text + ", at most the requested period" : text;
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string E(string text) => Encoder.Encode(text);
}
