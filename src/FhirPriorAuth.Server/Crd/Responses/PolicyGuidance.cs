using System.Text;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.PolicyPages;

namespace FhirPriorAuth.Server.Crd.Responses;

/// <summary>
/// Instructions (guideline cards without links or suggestions) from the text of each payer policy, and the External
/// Reference card linking the policy's page. The instructions quote what the seeds' policies state, per payer:
/// Capital Blue Cross MP 2.371 makes the somatostatin-analogue washout an initial-treatment criterion, Wellmark
/// 06.01.38 a special consideration; both limit the course to 4 doses of 200 mCi every 8 weeks.
/// </summary>
internal static class PolicyGuidance
{
    private const string LutatheraRegimen =
        "- Regimen: 7.4 GBq (200 mCi) every 8 weeks, at most 4 doses in total; more than 4 doses is investigational and not covered.";

    private const string LutatheraSsaEachDose =
        "- Somatostatin analogues: give no long-acting analogue (octreotide LAR, lanreotide) for 4 to 6 weeks before each dose and stop "
        + "short-acting octreotide 24 hours before each dose; both may resume 4 to 24 hours after each dose.";

    private const string LutatheraLabs =
        "- Before each dose: complete blood count and renal and liver function (a comprehensive metabolic panel); stop Lutathera "
        + "permanently for hepatotoxicity (bilirubin > 3 × ULN, or albumin < 30 g/L with prothrombin ratio < 70%) or renal toxicity "
        + "(creatinine clearance < 40 mL/min by Cockcroft-Gault, or a 40% rise in creatinine or 40% fall in clearance from baseline).";

    public static JsonObject? Instructions(OrderAssessment a)
    {
        if (a.Policy is not { } policy)
            return null;
        var (summary, lines) = (a.Payer, a.Drug) switch
        {
            ("capital-blue-cross", "lutathera") => (
                $"Lutathera ({policy.PolicyName}): 4-week analogue washout, labs before each dose, at most 4 doses",
                new[]
                {
                    "- Initial treatment requires no long-acting somatostatin analogue for at least 4 weeks and no short-acting octreotide "
                    + "for at least 24 hours before the first dose (initial treatment criterion).",
                    LutatheraSsaEachDose,
                    "- Initial treatment also requires: age 18 or older, Ki-67 ≤ 20%, positive somatostatin receptor imaging, progression "
                    + "on octreotide LAR or lanreotide, creatinine clearance ≥ 30 mL/min, adequate bone marrow and hepatic function, Karnofsky ≥ 60.",
                    LutatheraLabs,
                    "- Continuation (doses after the first) requires no recurrent grade 2-4 thrombocytopenia, grade 3-4 anemia or neutropenia, "
                    + "hepatotoxicity or grade 3-4 non-hematologic toxicity, and no renal toxicity delaying treatment 16 weeks or longer.",
                    LutatheraRegimen,
                }),
            ("wellmark", "lutathera") => (
                $"Lutathera ({policy.PolicyName}): analogue washout, labs before each dose, at most 4 doses",
                new[]
                {
                    LutatheraSsaEachDose,
                    "- Adequate bone marrow, renal and hepatic function as determined by the treating physician is a criterion for every dose.",
                    LutatheraLabs,
                    LutatheraRegimen + " The 8-week interval may be delayed for adverse reactions.",
                    "- Age 12 or older; positive somatostatin receptor imaging is required.",
                }),
            ("centene", "everolimus") => (
                $"Everolimus ({policy.PolicyName}): generic first, at most 20 mg a day, specialist prescriber",
                new[]
                {
                    "- Generic everolimus must be used, if available, for Afinitor, Afinitor Disperz or Zortress requests unless it is "
                    + "contraindicated or not tolerated (document why).",
                    "- Dose: at most 20 mg a day, Afinitor at most 2 tablets a day, Afinitor Disperz at most 4 tablets a day, unless "
                    + "practice guidelines or peer-reviewed literature support more (submit the evidence). TSC and transplant doses follow "
                    + "trough concentrations (5-15 ng/mL TSC, 3-8 ng/mL transplant).",
                    "- Prescribed by or with an oncologist; for transplant (Zortress), a nephrologist, hepatologist or transplant specialist.",
                    "- Submit chart notes, lab results or other documentation showing every criterion of the indication is met.",
                    "- Health Insurance Marketplace: Afinitor Disperz is non-formulary (formulary exception policy HIM.PA.103).",
                    "- Approval: 6 months (Medicaid, Marketplace) or 12 months (commercial) initially; continued therapy requires a "
                    + "positive response.",
                }),
            _ => (null, Array.Empty<string>()),
        };
        if (summary is null)
            return null;
        var detail = new StringBuilder().AppendJoin("\n", lines);
        if (DosesGiven(a) is { } given)
            detail.Append("\n\nThe record shows ").Append(given).Append(" Lutathera dose(s) given; ")
                .Append(Math.Max(0, 4 - given)).Append(" remain under the policy.");
        return CdsCards.Card(CrdConfiguration.Guideline, summary, detail.ToString(), "info", a.PayerName, HookResources.Key(a.Target));
    }

    /// <summary>
    /// An External Reference card linking the policy: the payer's published page when the artifact or the configuration
    /// names it, otherwise this server's own page for the policy (<c>{ServerBase}/policies/{id}</c>).
    /// </summary>
    public static JsonObject? Reference(OrderAssessment a, IReadOnlyDictionary<string, string> configuredLinks, string serverBase)
    {
        var policy = a.Policy ?? a.RetiredPolicy;
        if (policy is null)
            return null;
        var id = PolicyPageEndpoints.IdOf(policy);
        var url = policy.PolicyUrl ?? (configuredLinks.TryGetValue(id, out var configured) ? configured : PolicyPageEndpoints.Url(serverBase, policy));
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            return null;
        var summary = a.Policy is null
            ? $"{policy.PolicyName} (retired {policy.EffectiveEnd:yyyy-MM-dd}): the policy text"
            : $"{policy.PolicyName}: {a.PayerName}'s policy for {CoverageAssessor.Name(policy.Drug)}";
        var detail = policy.Title is { } title ? $"{title}, in effect {policy.EffectivePeriodText}." : null;
        return CdsCards.Card(CrdConfiguration.Guideline, summary, detail, "info", a.PayerName, HookResources.Key(a.Target))
            .WithLink(policy.PolicyName, url, "absolute");
    }

    private static int? DosesGiven(OrderAssessment a) =>
        a.Drug == "lutathera" && a.Evidence.Values("dosesGiven").OfType<int>().FirstOrDefault() is var given and > 0 ? given : null;
}
