namespace FhirPriorAuth.Policies.Evidence.Extraction;

/// <summary>
/// Lutathera doses from an activity: one dose is 7.4 GBq (200 mCi; 1 mCi = 37 MBq), so 29.6 GBq on a claim or order is
/// 4 doses. A part dose counts as a dose, so a limit is never under-counted. The claim line, the order and the tests
/// all use this one conversion.
/// </summary>
public static class LutatheraActivity
{
    /// <summary>mCi in one unit of activity, by UCUM code (and the printed forms <see cref="Units.UnitOf"/> maps).</summary>
    private static readonly Dictionary<string, decimal> MilliCuries = new(StringComparer.Ordinal)
    {
        ["mCi"] = 1m,
        ["Ci"] = 1000m,
        ["uCi"] = 0.001m,
        ["GBq"] = 1000m / 37m,
        ["MBq"] = 1m / 37m,
        ["kBq"] = 1m / 37000m,
    };

    public const decimal MilliCuriesPerDose = 200m;
    public const decimal GigabecquerelsPerDose = 7.4m;

    /// <summary>The dose count an activity is, or null when the unit is not an activity unit.</summary>
    public static int? Doses(decimal value, string? unit)
    {
        if (unit is null || value <= 0 || value >= 1_000_000) return null;
        // GBq and MBq divide exactly by the dose; a mCi factor of 1000/37 would not (29.6 GBq must be exactly 4 doses).
        var doses = unit switch
        {
            "GBq" => value / GigabecquerelsPerDose,
            "MBq" => value / (GigabecquerelsPerDose * 1000m),
            "kBq" => value / (GigabecquerelsPerDose * 1_000_000m),
            _ when MilliCuries.TryGetValue(unit, out var factor) => value * factor / MilliCuriesPerDose,
            _ => (decimal?)null,
        };
        return doses is { } d ? (int)decimal.Ceiling(decimal.Round(d, 6)) : null;
    }
}
