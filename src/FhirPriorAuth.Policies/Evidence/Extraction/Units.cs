using System.Text.Json.Nodes;

namespace FhirPriorAuth.Policies.Evidence.Extraction;

/// <summary>
/// Brings a Quantity to the unit a fact or a threshold is stated in. Only the conversions these policies need;
/// a Quantity in any other unit is not read (never guessed).
/// </summary>
internal static class Units
{
    // (from, to) → multiply by. Keys are UCUM codes; common printed units are mapped to them first.
    private static readonly Dictionary<(string From, string To), decimal> Factors = new()
    {
        [("1", "%")] = 100m,
        [("mL/s", "mL/min")] = 60m,
        [("g", "kg")] = 0.001m,
        [("[lb_av]", "kg")] = 0.45359237m,
        [("d", "wk")] = 1m / 7m,
        [("mo", "wk")] = 30.4375m / 7m,
        [("wk", "d")] = 7m,
        [("mo", "d")] = 30.4375m,
        [("h", "d")] = 1m / 24m,
        [("d", "h")] = 24m,
        [("min", "h")] = 1m / 60m,
        [("mo", "a")] = 1m / 12m,
        [("mg", "mg/d")] = 1m,
        [("g/L", "g/dL")] = 0.1m,
        [("g/dL", "g/L")] = 10m,
        [("mmol/L", "g/dL")] = 1.611m, // hemoglobin (monomer) mmol/L to g/dL
        [("10*3/uL", "10*9/L")] = 1m,
        [("10*3/mm3", "10*9/L")] = 1m,
        [("/uL", "10*9/L")] = 0.001m,
        [("/mm3", "10*9/L")] = 0.001m,
        [("10*9/L", "10*3/uL")] = 1m,
    };

    private static readonly Dictionary<string, string> Printed = new(StringComparer.OrdinalIgnoreCase)
    {
        ["percent"] = "%", ["ml/min"] = "mL/min", ["mg/dl"] = "mg/dL", ["µmol/l"] = "umol/L", ["umol/l"] = "umol/L",
        ["lb"] = "[lb_av]", ["lbs"] = "[lb_av]", ["kg"] = "kg", ["g/dl"] = "g/dL", ["g/l"] = "g/L",
        ["days"] = "d", ["day"] = "d", ["weeks"] = "wk", ["week"] = "wk", ["hours"] = "h", ["hour"] = "h",
        ["months"] = "mo", ["month"] = "mo", ["years"] = "a", ["year"] = "a", ["k/ul"] = "10*3/uL",
        ["x10^9/l"] = "10*9/L", ["10^9/l"] = "10*9/L", ["x10e9/l"] = "10*9/L", ["10*9/l"] = "10*9/L", ["10*3/ul"] = "10*3/uL",
        ["cells/ul"] = "/uL", ["inr"] = "{INR}", ["{ratio}"] = "{INR}", ["mg/day"] = "mg/d",
        ["mci"] = "mCi", ["gbq"] = "GBq", ["mbq"] = "MBq",
    };

    /// <summary>The unit of a Quantity: its UCUM code, else its printed unit mapped to UCUM; null when it has none.</summary>
    public static string? UnitOf(JsonObject quantity)
    {
        var unit = quantity.Str("code") ?? quantity.Str("unit");
        if (string.IsNullOrWhiteSpace(unit)) return null;
        return Printed.TryGetValue(unit.Trim(), out var ucum) ? ucum : unit.Trim();
    }

    // Micromoles per litre in one mg/dL, per analyte (LOINC): molar conversions depend on the molecule.
    private static readonly Dictionary<string, decimal> MicromolarPerMgDl = new()
    {
        ["2160-0"] = 88.42m, // creatinine
        ["1975-2"] = 17.1m,  // bilirubin
    };

    /// <summary>
    /// The Quantity's value in <paramref name="target"/>; a unitless Quantity is taken to be in the target unit.
    /// <paramref name="analyte"/> (a LOINC code) allows molar units for the analytes that have them.
    /// Null when the value or the conversion is missing.
    /// </summary>
    public static decimal? Convert(JsonObject? quantity, string target, string? analyte = null)
    {
        if (quantity.Dec("value") is not { } value) return null;
        var unit = UnitOf(quantity!);
        if (unit == "umol/L" && target == "mg/dL" && analyte is not null && MicromolarPerMgDl.TryGetValue(analyte, out var molar))
            return value / molar;
        if (unit is null || unit == target || Printed.TryGetValue(target, out var t) && t == unit) return value;
        if (target.StartsWith("mL/min", StringComparison.Ordinal) && unit.StartsWith("mL/min", StringComparison.Ordinal)) return value;
        return Factors.TryGetValue((unit, target), out var factor) ? value * factor : null;
    }
}
