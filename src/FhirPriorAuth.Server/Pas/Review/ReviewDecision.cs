using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.FhirApi;

namespace FhirPriorAuth.Server.Pas.Review;

/// <summary>What a reviewer decided for one pended line.</summary>
/// <param name="Quantity">For modify: the quantity authorized instead of the one requested.</param>
/// <param name="Period">For approve or modify: the authorized period (default: the policy's, as an automated approval
/// would get; the requested service dates when the policy states none).</param>
internal sealed record ReviewedItem(int Sequence, ActionCode Action, string? Reason, decimal? Quantity, string? QuantityUnit,
    (DateOnly Start, DateOnly End)? Period);

/// <summary>The reviewer as the decision names them: NPI (10 digits) and optional NUCC taxonomy specialty.</summary>
internal sealed record Reviewer(string? Npi, string? Specialty);

/// <summary>
/// The body of <c>POST /review/tasks/{id}/decision</c>:
/// <c>{"items":[{"sequence":1,"action":"approve|deny|modify","reason":"…","quantity":{"value":2,"unit":"…"},
/// "period":{"start":"2026-03-02","end":"2026-09-01"}}],"reviewer":{"npi":"…","specialty":"…"}}</c>.
/// Every pended line is decided at once (the task completes); a denial or modification needs a reason (CMS: a
/// specific reason for every denial); a modification says what is authorized instead (quantity or period).
/// </summary>
internal sealed record ReviewDecision(IReadOnlyList<ReviewedItem> Items, Reviewer Reviewer)
{
    public static ReviewDecision Parse(JsonNode? body, IReadOnlyList<int> pended)
    {
        if (body is not JsonObject json || json["items"] is not JsonArray items || items.Count == 0)
            throw Invalid(IssueTypes.Required, "The decision lists the pended lines it decides in 'items'", "items");
        var issues = new List<OutcomeIssue>();
        var decided = new List<ReviewedItem>();
        for (var i = 0; i < items.Count; i++)
        {
            var at = $"items[{i}]";
            if (items[i] is not JsonObject item || Integer(item["sequence"]) is not { } sequence)
            {
                issues.Add(OutcomeIssue.Error(IssueTypes.Required, "Each decided line names its sequence", at + ".sequence"));
                continue;
            }
            if (!pended.Contains(sequence))
                issues.Add(OutcomeIssue.Error(IssueTypes.BusinessRule, "Only pended lines are decided by review; this line is not pended", at + ".sequence"));
            if (decided.Any(d => d.Sequence == sequence))
                issues.Add(OutcomeIssue.Error(IssueTypes.BusinessRule, "A line is decided once per decision", at + ".sequence"));
            var action = Text(item["action"]) switch
            {
                "approve" => ActionCode.Certified,
                "deny" => ActionCode.NotCertified,
                "modify" => ActionCode.Modified,
                _ => null,
            };
            if (action is null)
            {
                issues.Add(OutcomeIssue.Error(IssueTypes.Value, "The action is one of approve, deny, modify", at + ".action"));
                continue;
            }
            var reason = Text(item["reason"])?.Trim();
            if (action != ActionCode.Certified && string.IsNullOrEmpty(reason))
                issues.Add(OutcomeIssue.Error(IssueTypes.Required, "A denial or a modification states its reason", at + ".reason"));
            var quantityJson = item["quantity"] as JsonObject;
            var quantity = Decimal(quantityJson?["value"]);
            if (item["quantity"] is not null && (quantity is null || quantity <= 0))
                issues.Add(OutcomeIssue.Error(IssueTypes.Value, "The quantity has a positive 'value'", at + ".quantity.value"));
            var period = Period(item["period"] as JsonObject);
            if (item["period"] is not null && period is null)
                issues.Add(OutcomeIssue.Error(IssueTypes.Value, "The period has 'start' and 'end' dates (YYYY-MM-DD), start not after end", at + ".period"));
            if (action == ActionCode.Modified && quantity is null && period is null)
                issues.Add(OutcomeIssue.Error(IssueTypes.Required, "A modification says what is authorized instead: a quantity or a period", at));
            if (action == ActionCode.NotCertified && (item["quantity"] is not null || item["period"] is not null))
                issues.Add(OutcomeIssue.Error(IssueTypes.BusinessRule, "A denial authorizes no quantity or period", at));
            decided.Add(new(sequence, action, reason, quantity, Text(quantityJson?["unit"]), period));
        }
        foreach (var missing in pended.Where(p => decided.All(d => d.Sequence != p)))
            issues.Add(OutcomeIssue.Error(IssueTypes.Required,
                $"Pended line {missing.ToString(CultureInfo.InvariantCulture)} is not decided; a decision covers every pended line", "items"));

        var reviewer = json["reviewer"] as JsonObject;
        var npi = Text(reviewer?["npi"])?.Trim();
        if (npi is not null && (npi.Length != 10 || !npi.All(char.IsAsciiDigit)))
            issues.Add(OutcomeIssue.Error(IssueTypes.Value, "The reviewer's NPI is 10 digits", "reviewer.npi"));
        if (issues.Count > 0)
            throw new FhirRequestException(StatusCodes.Status400BadRequest, issues);
        return new(decided, new Reviewer(string.IsNullOrEmpty(npi) ? null : npi, Text(reviewer?["specialty"])?.Trim()));
    }

    private static FhirRequestException Invalid(string code, string text, string expression) =>
        new(StatusCodes.Status400BadRequest, OutcomeIssue.Error(code, text, expression));

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static int? Integer(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var n) ? n : null;

    private static decimal? Decimal(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<decimal>(out var n) ? n : null;

    private static (DateOnly, DateOnly)? Period(JsonObject? period) =>
        period is not null
        && DateOnly.TryParseExact(Text(period["start"]), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
        && DateOnly.TryParseExact(Text(period["end"]), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end)
        && start <= end
            ? (start, end)
            : null;
}
