using System.Text.Json.Nodes;

namespace FhirPriorAuth.Policies.Evidence.Extraction;

/// <summary>Maps a medication code or name to a <see cref="FactCatalog.TherapyAgents"/> name.</summary>
internal static class TherapyAgents
{
    private static readonly Dictionary<string, string> Hcpcs = new(StringComparer.OrdinalIgnoreCase)
    {
        ["J2353"] = "octreotide-lar", ["J2354"] = "octreotide", ["J1930"] = "lanreotide", ["J1932"] = "lanreotide",
        ["A9513"] = "lutathera", ["J7527"] = "everolimus", ["J9035"] = "bevacizumab",
    };

    // RxNorm ingredients (IN) the project is confident of; anything else is recognised by name.
    private static readonly Dictionary<string, string> RxNormIngredients = new()
    {
        ["141704"] = "everolimus", ["7617"] = "octreotide", ["42316"] = "tacrolimus", ["3008"] = "cyclosporine",
        ["72965"] = "letrozole", ["84857"] = "anastrozole", ["258494"] = "exemestane", ["10324"] = "tamoxifen",
        ["616279"] = "sunitinib", ["495881"] = "sorafenib",
        // Centene Appendix B additions (medium-high confidence, from memory of RxNorm; names match regardless).
        ["4124"] = "ethinyl-estradiol", ["337525"] = "erlotinib", ["1094833"] = "ipilimumab",
    };

    // Brand and class names; generic names are matched from the catalog list itself.
    private static readonly (string Word, string Agent)[] Names =
    [
        ("sandostatin lar", "octreotide-lar"), ("octreotide lar", "octreotide-lar"), ("octreotide-lar", "octreotide-lar"),
        ("somatuline", "lanreotide"), ("xermelo", "telotristat"), ("afinitor", "everolimus"), ("zortress", "everolimus"),
        ("femara", "letrozole"), ("arimidex", "anastrozole"), ("aromasin", "exemestane"), ("faslodex", "fulvestrant"),
        ("sutent", "sunitinib"), ("nexavar", "sorafenib"), ("cabometyx", "cabozantinib"), ("opdivo", "nivolumab"),
        ("inlyta", "axitinib"), ("votrient", "pazopanib"), ("prograf", "tacrolimus"), ("neoral", "cyclosporine"),
        ("sandimmune", "cyclosporine"), ("simulect", "basiliximab"), ("gleevec", "imatinib"), ("stivarga", "regorafenib"),
        ("qinlock", "ripretinib"), ("avastin", "bevacizumab"), ("lutetium", "lutathera"),
        ("prednisone", "corticosteroid"), ("prednisolone", "corticosteroid"), ("methylprednisolone", "corticosteroid"),
        ("dexamethasone", "corticosteroid"), ("hydrocortisone", "corticosteroid"),
        // Centene CP.PHAR.63 Appendix B: the other endocrine therapies and RCC therapies it lists.
        ("fareston", "toremifene"), ("megace", "megestrol"), ("halotestin", "fluoxymesterone"), ("androxy", "fluoxymesterone"),
        ("ethinyl estradiol", "ethinyl-estradiol"), ("ethinylestradiol", "ethinyl-estradiol"), ("estinyl", "ethinyl-estradiol"),
        ("yervoy", "ipilimumab"), ("proleukin", "aldesleukin"), ("interleukin-2", "aldesleukin"), ("torisel", "temsirolimus"),
        ("lenvima", "lenvatinib"), ("tarceva", "erlotinib"),
    ];

    /// <summary>The agent a medication concept names, or null.</summary>
    public static string? Identify(JsonObject? concept)
    {
        foreach (var (system, code) in FhirJson.Codings(concept))
        {
            if (code is null) continue;
            if (system == Codes.Hcpcs && Hcpcs.TryGetValue(code, out var byHcpcs)) return byHcpcs;
            if (system == Codes.RxNorm && RxNormIngredients.TryGetValue(code, out var byRx)) return byRx;
            if (Products.Identify(system, code) is { } product) return product.Drug;
            if (system is null or "" && FromName(code) is { } byCode) return byCode;
        }
        return FromName(FhirJson.Words(concept));
    }

    /// <summary>An agent from free text: a catalog name (<c>lanreotide</c>) or a brand/class word.</summary>
    public static string? FromName(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = text.Trim().ToLowerInvariant();
        if (FactCatalog.TherapyAgents.Contains(t)) return t;
        foreach (var (word, agent) in Names)
            if (t.Contains(word, StringComparison.Ordinal)) return agent;
        if (t.Contains("octreotide", StringComparison.Ordinal))
            return t.Contains("depot", StringComparison.Ordinal) || t.Contains("long", StringComparison.Ordinal)
                || t.Contains(" lar", StringComparison.Ordinal) ? "octreotide-lar" : "octreotide";
        return FactCatalog.TherapyAgents.FirstOrDefault(a => !a.Contains('-') && t.Contains(a, StringComparison.Ordinal));
    }

    public static bool IsLongActingSsa(string agent) => agent is "octreotide-lar" or "lanreotide";
}
