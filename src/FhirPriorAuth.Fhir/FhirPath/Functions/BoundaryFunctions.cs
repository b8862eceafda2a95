using FhirPriorAuth.Fhir.FhirPath.Values;

namespace FhirPriorAuth.Fhir.FhirPath.Functions;

/// <summary>
/// <c>lowBoundary</c>, <c>highBoundary</c> and <c>precision</c> (FHIRPath 2.1): the range of values an imprecise
/// number or date could stand for. Used e.g. to compare periods written with different precision.
/// </summary>
internal static class BoundaryFunctions
{
    private static readonly IReadOnlyList<object> Empty = [];
    private const int DefaultDecimalPrecision = 8;

    public static void Register(Registry r)
    {
        r.Add("lowBoundary", 0, 1, c => Boundary(c, low: true));
        r.Add("highBoundary", 0, 1, c => Boundary(c, low: false));
        r.Add("precision", 0, 0, c => ItemValues.ToOperand(c.SingleInput()!) switch
        {
            decimal d => [DecimalMath.Scale(d)],
            int => [0],
            long => [0],
            PartialDateTime p => [p.PrecisionDigits],
            string s => [s.Length],
            _ => Empty,
        });
    }

    private static IReadOnlyList<object> Boundary(Invocation c, bool low)
    {
        var precision = c.ArgumentCount > 0 ? c.IntegerArgument(0) : null;
        switch (ItemValues.ToOperand(c.SingleInput()!))
        {
            case int i: return Invocation.One(DecimalBoundary(i, 0, precision ?? DefaultDecimalPrecision, low));
            case long l: return Invocation.One(DecimalBoundary(l, 0, precision ?? DefaultDecimalPrecision, low));
            case decimal d: return Invocation.One(DecimalBoundary(d, DecimalMath.Scale(d), precision ?? DefaultDecimalPrecision, low));
            case Quantity q:
                return DecimalBoundary(q.Value, DecimalMath.Scale(q.Value), precision ?? DefaultDecimalPrecision, low) is { } v ? [q with { Value = v }] : Empty;
            case PartialDateTime p: return Invocation.One(DateBoundary(p, precision, low));
            default: return Empty;
        }
    }

    /// <summary>Half a unit in the last written digit either side, then cut to the requested number of decimals.</summary>
    private static decimal? DecimalBoundary(decimal value, int scale, int precision, bool low)
    {
        if (precision < 0 || precision > 28) return null;
        var half = 0.5m;
        for (var i = 0; i < scale; i++) half /= 10m;
        var bound = low ? value - half : value + half;
        var factor = 1m;
        for (var i = 0; i < precision; i++) factor *= 10m;
        var scaled = bound * factor;
        var cut = low ? decimal.Floor(scaled) : decimal.Ceiling(scaled);
        // When the requested precision cuts off every significant digit the boundary is zero (0.0034 → 0.0 either way),
        // as the spec's examples show, rather than rounding outwards to ±0.1.
        if (value != 0 && decimal.Truncate(value * factor) == 0) cut = 0;
        return SetScale(cut / factor, precision);
    }

    /// <summary>Rounds and pads with trailing zeros so the result shows exactly <paramref name="scale"/> decimals.</summary>
    private static decimal SetScale(decimal d, int scale) =>
        decimal.Parse(Math.Round(d, scale).ToString("F" + scale, System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);

    private static PartialDateTime? DateBoundary(PartialDateTime p, int? digits, bool low)
    {
        var target = digits is null
            ? (p.Kind == TemporalKind.Date ? DateTimePrecision.Day : DateTimePrecision.Millisecond)
            : PartialDateTime.PrecisionFromDigits(p.Kind, digits.Value);
        if (target is null) return null;
        var kind = p.Kind == TemporalKind.Date && target > DateTimePrecision.Day ? TemporalKind.DateTime : p.Kind;
        var t = target.Value;
        int Pick(DateTimePrecision level, int actual, int min, int max) => p.Precision >= level ? actual : low ? min : max;
        var year = p.Year;
        var month = Pick(DateTimePrecision.Month, p.Month, 1, 12);
        var day = Pick(DateTimePrecision.Day, p.Day, 1, System.DateTime.DaysInMonth(year, month));
        var hour = Pick(DateTimePrecision.Hour, p.Hour, 0, 23);
        var minute = Pick(DateTimePrecision.Minute, p.Minute, 0, 59);
        var second = Pick(DateTimePrecision.Second, p.Second, 0, 59);
        var ms = Pick(DateTimePrecision.Millisecond, p.Millisecond, 0, 999);
        TimeSpan? offset = p.Offset;
        // Without a timezone the value could be anywhere on Earth: the earliest zone is +14:00, the latest -12:00.
        if (kind == TemporalKind.DateTime && offset is null && t >= DateTimePrecision.Hour)
            offset = low ? TimeSpan.FromHours(14) : TimeSpan.FromHours(-12);
        return new PartialDateTime(kind, t, year,
            t >= DateTimePrecision.Month ? month : 1, t >= DateTimePrecision.Day ? day : 1,
            t >= DateTimePrecision.Hour ? hour : 0, t >= DateTimePrecision.Minute ? minute : 0,
            t >= DateTimePrecision.Second ? second : 0, t >= DateTimePrecision.Millisecond ? ms : 0, offset);
    }
}
