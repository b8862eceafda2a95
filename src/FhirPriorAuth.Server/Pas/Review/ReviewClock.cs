using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Evidence.Extraction;

namespace FhirPriorAuth.Server.Pas.Review;

/// <summary>
/// When a pended request's decision is due. The clock starts at submission. A request is expedited when the Claim's
/// <c>levelOfServiceType</c> (X12 1338, UM06) is <c>U</c> (urgent); otherwise standard. A request is on the drug
/// clock when any pended line is a drug: its productOrService names a drug this server knows (HCPCS A9513, the
/// everolimus NDCs and RxNorm codes, via <see cref="Products"/>), or is coded in a drug code system (NDC, RxNorm), or
/// is a HCPCS J code (drugs administered other than orally).
/// </summary>
internal static class ReviewClock
{
    public const string LevelOfServiceUrl = PasCodes.Ig + "/StructureDefinition/extension-levelOfServiceCode";
    private const string Ndc = "http://hl7.org/fhir/sid/ndc";
    private const string RxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";
    private const string Hcpcs = "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";

    public static bool IsExpedited(JsonObject claim) =>
        ((claim["extension"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(e => (string?)e["url"] == LevelOfServiceUrl)?["valueCodeableConcept"]?["coding"] as JsonArray ?? [])
        .Any(c => (string?)c?["code"] == "U");

    public static bool IsDrug(JsonObject? claimItem)
    {
        var concept = claimItem?["productOrService"] as JsonObject;
        if (Products.Identify(concept) is not null)
            return true;
        return (concept?["coding"] as JsonArray ?? []).OfType<JsonObject>().Any(c => (string?)c["system"] switch
        {
            Ndc or RxNorm => true,
            Hcpcs => ((string?)c["code"])?.StartsWith('J') == true,
            _ => false,
        });
    }

    public static DateTimeOffset Due(DateTimeOffset submitted, bool expedited, bool drug, ReviewOptions options) =>
        (drug, expedited) switch
        {
            (true, true) => submitted.AddHours(options.DrugUrgentHours),
            (true, false) => submitted.AddHours(options.DrugStandardHours),
            (false, true) => submitted.AddHours(options.UrgentHours),
            (false, false) => submitted.AddDays(options.StandardDays),
        };
}
