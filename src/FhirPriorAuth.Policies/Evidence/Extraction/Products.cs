using System.Text.Json.Nodes;

namespace FhirPriorAuth.Policies.Evidence.Extraction;

/// <summary>What a product code names: the drug, the catalog product, and whether it is the brand.</summary>
public sealed record ProductIdentity(string Drug, string? Product, bool? Brand, string Code, string System, string? Form = null);

/// <summary>Identifies Lutathera and everolimus products from HCPCS, NDC and RxNorm codes (clinical-evidence.md).</summary>
public static class Products
{
    // Novartis labeler 00078 product codes (clinical-evidence.md; research/codes.md rates the strength mapping
    // medium-low, so only the product family is read from them).
    private static readonly Dictionary<string, string> NovartisEverolimus = new()
    {
        ["0566"] = "afinitor", ["0567"] = "afinitor", ["0594"] = "afinitor", ["0620"] = "afinitor",
        ["0626"] = "afinitor-disperz", ["0627"] = "afinitor-disperz", ["0628"] = "afinitor-disperz",
        ["0415"] = "zortress",
    };

    // Generic everolimus labeler-product codes named by clinical-evidence.md and research/codes.md.
    private static readonly HashSet<string> GenericEverolimusNdc =
        ["00054-0482", "60219-2280", "59651-0933", "72603-0256", "70377-0010", "82293-0030", "70377-0091", "51991-0991", "70954-0775", "51991-0379", "59651-0931"];

    // Generic tablets for oral suspension (the Afinitor Disperz form; codes.md: openFDA, high confidence). Every other
    // listed generic is a tablet.
    private static readonly HashSet<string> GenericSuspensionNdc = ["60219-2280", "70377-0091", "51991-0991", "70954-0775"];
    private static readonly HashSet<string> GenericSuspensionRxNorm = ["1308428", "1308430", "1308432"];

    private static readonly HashSet<string> LutatheraRxNorm = ["1999682", "1999687"];

    private static readonly HashSet<string> GenericEverolimusRxNorm =
        ["845507", "845515", "998189", "1119400", "1308428", "1308430", "1308432", "977427", "977434", "977438", "2056895"];

    // Presumed branded SBDs on the Afinitor label (codes.md: medium confidence); which brand product is not known.
    private static readonly HashSet<string> BrandEverolimusRxNorm = ["845512", "845518", "998191"];

    /// <summary>dosageForm values: Afinitor Disperz and its generics are tablets for oral suspension.</summary>
    public const string Tablet = "tablet", Suspension = "tablet-for-suspension";

    /// <summary>The first coding of <paramref name="concept"/> that names one of the two drugs.</summary>
    public static ProductIdentity? Identify(JsonObject? concept)
    {
        foreach (var (system, code) in FhirJson.Codings(concept))
            if (code is not null && Identify(system, code) is { } found) return found;
        return null;
    }

    public static ProductIdentity? Identify(string? system, string code) => system switch
    {
        Codes.Hcpcs => code.ToUpperInvariant() switch
        {
            "A9513" => new("lutathera", "lutathera", null, code, system),
            "J7527" => new("everolimus", "everolimus-generic", false, code, system),
            _ => null,
        },
        Codes.Ndc => FromNdc(code),
        Codes.RxNorm when LutatheraRxNorm.Contains(code) => new("lutathera", "lutathera", null, code, system),
        Codes.RxNorm when GenericEverolimusRxNorm.Contains(code) =>
            new("everolimus", "everolimus-generic", false, code, system, GenericSuspensionRxNorm.Contains(code) ? Suspension : Tablet),
        Codes.RxNorm when BrandEverolimusRxNorm.Contains(code) => new("everolimus", null, true, code, system),
        Codes.RxNorm when code == "141704" => new("everolimus", null, null, code, system),
        _ => null,
    };

    private static ProductIdentity? FromNdc(string ndc)
    {
        if (LabelerProduct(ndc) is not { } parts) return null;
        var (labeler, product) = parts;
        if (labeler == "69488" && product == "0003") return new("lutathera", "lutathera", null, ndc, Codes.Ndc);
        if (labeler == "00078" && NovartisEverolimus.TryGetValue(product, out var brand))
            return new("everolimus", brand, true, ndc, Codes.Ndc, brand == "afinitor-disperz" ? Suspension : Tablet);
        if (GenericEverolimusNdc.Contains($"{labeler}-{product}"))
            return new("everolimus", "everolimus-generic", false, ndc, Codes.Ndc,
                GenericSuspensionNdc.Contains($"{labeler}-{product}") ? Suspension : Tablet);
        return null;
    }

    /// <summary>
    /// The 5-digit labeler and 4-digit product of an NDC: hyphenated 4-4-2, 5-3-2, 5-4-1 (or without package), or
    /// the 11-digit 5-4-2 form.
    /// </summary>
    public static (string Labeler, string Product)? LabelerProduct(string ndc)
    {
        var parts = ndc.Trim().Split('-');
        if (parts.Length >= 2 && parts[0].Length is 4 or 5 && parts[1].Length is 3 or 4
            && parts.Take(2).All(p => p.All(char.IsAsciiDigit)))
            return (parts[0].PadLeft(5, '0'), parts[1].PadLeft(4, '0'));
        if (parts.Length == 1 && ndc.Length == 11 && ndc.All(char.IsAsciiDigit))
            return (ndc[..5], ndc[5..9]);
        return null;
    }
}
