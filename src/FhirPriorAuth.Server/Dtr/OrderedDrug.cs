using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Evidence.Extraction;

namespace FhirPriorAuth.Server.Dtr;

/// <summary>
/// Which of the policy drugs an order asks for, from its medication (or service) codes as the clinical evidence
/// contract codes them: HCPCS, RxNorm or NDC. Brand and generic everolimus share one policy, so both read as everolimus.
/// </summary>
internal static class OrderedDrug
{
    public const string Lutathera = "lutathera";
    public const string Everolimus = "everolimus";

    /// <param name="alongside">Other resources of the request, for a <c>medicationReference</c> to a Medication sent beside the order.</param>
    public static string? Of(JsonObject order, IEnumerable<JsonObject> alongside)
    {
        var concepts = new List<JsonObject?>
        {
            order.Obj("medicationCodeableConcept"),
            order.Obj("code"),
            order.Obj("codeCodeableConcept"),
            Medication(order, alongside)?.Obj("code"),
        };
        return concepts.SelectMany(c => c.Codings()).Select(Classify).FirstOrDefault(d => d is not null);
    }

    private static JsonObject? Medication(JsonObject order, IEnumerable<JsonObject> alongside)
    {
        var reference = order.Obj("medicationReference").Str("reference");
        if (reference is null)
            return null;
        if (reference.StartsWith('#'))
            return order.Objects("contained").FirstOrDefault(c => c.Str("id") == reference[1..]);
        var id = reference.Split('/')[^1];
        return alongside.FirstOrDefault(r => r.Str("resourceType") == "Medication" && r.Str("id") == id);
    }

    // The product code tables live with the evidence layer, so DTR and decisions read an order the same way.
    private static string? Classify((string? System, string? Code, string? Display) coding) =>
        coding.Code is null ? null : Products.Identify(coding.System, coding.Code)?.Drug;
}
