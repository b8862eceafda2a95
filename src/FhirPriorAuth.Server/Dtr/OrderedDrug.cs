using System.Text.Json.Nodes;

namespace FhirPriorAuth.Server.Dtr;

/// <summary>
/// Which of the policy drugs an order asks for, from its medication (or service) codes as the clinical evidence
/// contract codes them: HCPCS, RxNorm or NDC. Brand and generic everolimus share one policy, so both read as everolimus.
/// </summary>
internal static class OrderedDrug
{
    public const string Lutathera = "lutathera";
    public const string Everolimus = "everolimus";

    private const string Hcpcs = "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";
    private const string RxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";
    private const string Ndc = "http://hl7.org/fhir/sid/ndc";

    private static readonly Dictionary<(string System, string Code), string> ExactCodes = new()
    {
        [(Hcpcs, "A9513")] = Lutathera,
        [(RxNorm, "1999682")] = Lutathera,
        [(RxNorm, "1999687")] = Lutathera,
        [(Hcpcs, "J7527")] = Everolimus,
        // Generic SCDs (tablets, tablets for suspension, Zortress strengths) and the branded Afinitor SBDs.
        [(RxNorm, "845507")] = Everolimus, [(RxNorm, "845515")] = Everolimus, [(RxNorm, "998189")] = Everolimus,
        [(RxNorm, "1119400")] = Everolimus, [(RxNorm, "1308428")] = Everolimus, [(RxNorm, "1308430")] = Everolimus,
        [(RxNorm, "1308432")] = Everolimus, [(RxNorm, "977427")] = Everolimus, [(RxNorm, "977434")] = Everolimus,
        [(RxNorm, "977438")] = Everolimus, [(RxNorm, "2056895")] = Everolimus, [(RxNorm, "845512")] = Everolimus,
        [(RxNorm, "845518")] = Everolimus, [(RxNorm, "998191")] = Everolimus,
    };

    /// <summary>NDC products as 5-digit labeler and 4-digit product (the package digits vary).</summary>
    private static readonly Dictionary<string, string> NdcProducts = new()
    {
        ["69488-0003"] = Lutathera,
        ["00078-0566"] = Everolimus, ["00078-0567"] = Everolimus, ["00078-0594"] = Everolimus, ["00078-0620"] = Everolimus,
        ["00078-0626"] = Everolimus, ["00078-0627"] = Everolimus, ["00078-0628"] = Everolimus, ["00078-0415"] = Everolimus,
        ["00054-0482"] = Everolimus, ["60219-2280"] = Everolimus, ["59651-0933"] = Everolimus, ["72603-0256"] = Everolimus,
    };

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

    private static string? Classify((string? System, string? Code, string? Display) coding)
    {
        if (coding.System is null || coding.Code is null)
            return null;
        if (ExactCodes.TryGetValue((coding.System, coding.Code), out var drug))
            return drug;
        return coding.System == Ndc && LabelerProduct(coding.Code) is { } product && NdcProducts.TryGetValue(product, out var byNdc)
            ? byNdc
            : null;
    }

    /// <summary>
    /// <c>labeler-product</c> padded to 5-4 from the hyphenated 4-4-2, 5-3-2 and 5-4-1 forms, with or without the
    /// package, or from the 11-digit 5-4-2 form.
    /// </summary>
    private static string? LabelerProduct(string ndc)
    {
        var parts = ndc.Trim().Split('-');
        if (parts.Length >= 2 && parts[0].Length is 4 or 5 && parts[1].Length is 3 or 4 && parts.Take(2).All(p => p.All(char.IsAsciiDigit)))
            return $"{parts[0].PadLeft(5, '0')}-{parts[1].PadLeft(4, '0')}";
        return parts.Length == 1 && ndc.Length == 11 && ndc.All(char.IsAsciiDigit) ? $"{ndc[..5]}-{ndc[5..9]}" : null;
    }
}
