using System.Globalization;

namespace FhirPriorAuth.Fhir.FhirPath.Values;

/// <summary>
/// A FHIRPath Quantity: a decimal and a unit, which is a UCUM code (<c>'mg'</c>) or a calendar duration keyword
/// (<c>days</c>, <c>year</c>). Calendar keywords are stored in their singular form.
/// </summary>
public sealed record Quantity(decimal Value, string Unit)
{
    /// <summary>True when <see cref="Unit"/> is a calendar keyword (written without quotes).</summary>
    public bool IsCalendarUnit => Ucum.CalendarUnits.ContainsKey(Unit);

    /// <summary>Builds a quantity from a literal's unit text, normalising calendar plurals (<c>days</c> → <c>day</c>).</summary>
    public static Quantity Create(decimal value, string unit) =>
        new(value, Ucum.CalendarUnits.TryGetValue(unit, out var cal) ? cal.Singular : unit);

    internal CanonicalUnit? Canonical => Ucum.Canonicalize(Unit);

    /// <summary>True when the two units measure the same thing, so the quantities can be compared or added.</summary>
    public bool IsComparableTo(Quantity other) => Unit == other.Unit
        || (Canonical is { } a && other.Canonical is { } b && a.Dimensions == b.Dimensions);

    /// <summary>This quantity's value expressed in <paramref name="other"/>'s unit, or null when they are not comparable.</summary>
    public decimal? ValueIn(string other)
    {
        if (other == Unit) return Value;
        if (Canonical is not { } from || Ucum.Canonicalize(other) is not { } to || from.Dimensions != to.Dimensions) return null;
        return Tidy(Value * from.Factor / to.Factor);
    }

    /// <summary>Drops the last-digit noise of factors like 1/60, so 60 '/min' is exactly 1 '/s'.</summary>
    private static decimal Tidy(decimal d) => Math.Round(d, 20, MidpointRounding.AwayFromZero);

    /// <summary>Orders two quantities, null when their units are not comparable.</summary>
    public static int? Compare(Quantity a, Quantity b)
    {
        if (a.Unit == b.Unit) return a.Value.CompareTo(b.Value);
        if (a.Canonical is not { } ca || b.Canonical is not { } cb || ca.Dimensions != cb.Dimensions) return null;
        return Tidy(a.Value * ca.Factor).CompareTo(Tidy(b.Value * cb.Factor));
    }

    /// <summary>FHIRPath <c>=</c> for quantities: empty when the units cannot be compared.</summary>
    public static bool? AreEqual(Quantity a, Quantity b)
    {
        var c = Compare(a, b);
        return c is null ? null : c == 0;
    }

    /// <summary>FHIRPath <c>~</c>: values converted to one unit and compared at the lesser precision.</summary>
    public static bool AreEquivalent(Quantity a, Quantity b)
    {
        if (b.ValueIn(a.Unit) is not { } bv) return false;
        return DecimalMath.AreEquivalent(a.Value, bv);
    }

    /// <summary>FHIRPath's string form: <c>1 'wk'</c>, <c>1 week</c>.</summary>
    public override string ToString()
    {
        var v = Value.ToString(CultureInfo.InvariantCulture);
        return IsCalendarUnit ? $"{v} {Unit}" : $"{v} '{Unit}'";
    }
}

/// <summary>Decimal helpers for FHIRPath's precision-sensitive rules.</summary>
internal static class DecimalMath
{
    /// <summary>Digits after the decimal point as written (<c>1.50</c> → 2).</summary>
    public static int Scale(decimal d) => (decimal.GetBits(d)[3] >> 16) & 0xFF;

    /// <summary>Equivalence: both rounded to the precision of the less precise one.</summary>
    public static bool AreEquivalent(decimal a, decimal b)
    {
        var scale = Math.Min(Scale(a), Scale(b));
        return Math.Round(a, scale, MidpointRounding.AwayFromZero) == Math.Round(b, scale, MidpointRounding.AwayFromZero);
    }
}
