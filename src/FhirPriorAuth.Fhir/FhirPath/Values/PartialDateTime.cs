using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FhirPriorAuth.Fhir.FhirPath.Values;

/// <summary>Which of the three FHIRPath temporal types a value is.</summary>
public enum TemporalKind { Date, DateTime, Time }

/// <summary>How much of a date/time was given. Seconds and milliseconds compare as one precision (decimal seconds).</summary>
public enum DateTimePrecision { Year, Month, Day, Hour, Minute, Second, Millisecond }

/// <summary>
/// A FHIRPath Date, DateTime or Time with partial precision (<c>@2014</c>, <c>@2014-01-05T10</c>, <c>@T10:30</c>)
/// and an optional timezone offset. Kept as separate components rather than <see cref="System.DateTime"/> because
/// FHIRPath equality and ordering depend on which components are present.
/// </summary>
public sealed partial class PartialDateTime : IEquatable<PartialDateTime>
{
    public TemporalKind Kind { get; }
    public DateTimePrecision Precision { get; }
    public int Year { get; }
    public int Month { get; }
    public int Day { get; }
    public int Hour { get; }
    public int Minute { get; }
    public int Second { get; }
    public int Millisecond { get; }
    /// <summary>The timezone offset, when one was given (never for Time or Date).</summary>
    public TimeSpan? Offset { get; }

    public PartialDateTime(TemporalKind kind, DateTimePrecision precision, int year = 1, int month = 1, int day = 1,
        int hour = 0, int minute = 0, int second = 0, int millisecond = 0, TimeSpan? offset = null)
    {
        Kind = kind; Precision = precision; Year = year; Month = month; Day = day; Hour = hour; Minute = minute;
        Second = second; Millisecond = millisecond; Offset = precision >= DateTimePrecision.Hour ? offset : null;
    }

    [GeneratedRegex(@"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?)?)?)?(Z|[+-]\d{2}:\d{2})?$")]
    private static partial Regex DateTimePattern();

    [GeneratedRegex(@"^(\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?$")]
    private static partial Regex TimePattern();

    /// <summary>Parses a FHIR/FHIRPath date (<c>2014-01</c>), without the <c>@</c>.</summary>
    public static PartialDateTime? ParseDate(string text)
    {
        var m = DatePattern().Match(text);
        if (!m.Success) return null;
        return Build(TemporalKind.Date, m.Groups[1], m.Groups[2], m.Groups[3], null, null, null, null, null);
    }

    /// <summary>Parses a date-time (<c>2014-01-05T10:30:00.000+10:00</c>; a trailing <c>T</c> is allowed as in FHIRPath literals).</summary>
    public static PartialDateTime? ParseDateTime(string text)
    {
        if (text.EndsWith('T')) text = text[..^1];
        var m = DateTimePattern().Match(text);
        if (!m.Success) return null;
        return Build(TemporalKind.DateTime, m.Groups[1], m.Groups[2], m.Groups[3], m.Groups[4], m.Groups[5], m.Groups[6], m.Groups[7], m.Groups[8]);
    }

    /// <summary>Parses a time (<c>10:30</c>, <c>14:34:28.123</c>), without the <c>@T</c>.</summary>
    public static PartialDateTime? ParseTime(string text)
    {
        var m = TimePattern().Match(text);
        if (!m.Success) return null;
        return Build(TemporalKind.Time, null, null, null, m.Groups[1], m.Groups[2], m.Groups[3], m.Groups[4], null);
    }

    private static PartialDateTime? Build(TemporalKind kind, Group? y, Group? mo, Group? d, Group? h, Group? mi, Group? s, Group? frac, Group? tz)
    {
        static int N(Group? g) => int.Parse(g!.Value, CultureInfo.InvariantCulture);
        static bool Has(Group? g) => g is { Success: true };
        var precision = kind == TemporalKind.Time ? DateTimePrecision.Hour : DateTimePrecision.Year;
        int year = 1, month = 1, day = 1, hour = 0, minute = 0, second = 0, ms = 0;
        if (kind != TemporalKind.Time)
        {
            year = N(y);
            if (Has(mo)) { month = N(mo); precision = DateTimePrecision.Month; }
            if (Has(d)) { day = N(d); precision = DateTimePrecision.Day; }
            if (Has(h)) { hour = N(h); precision = DateTimePrecision.Hour; }
        }
        else hour = N(h);
        if (Has(mi)) { minute = N(mi); precision = DateTimePrecision.Minute; }
        if (Has(s)) { second = N(s); precision = DateTimePrecision.Second; }
        if (Has(frac))
        {
            var digits = (frac!.Value + "00")[..3];
            ms = int.Parse(digits, CultureInfo.InvariantCulture);
            precision = DateTimePrecision.Millisecond;
        }
        TimeSpan? offset = null;
        if (Has(tz))
        {
            if (tz!.Value == "Z") offset = TimeSpan.Zero;
            else
            {
                var sign = tz.Value[0] == '-' ? -1 : 1;
                offset = sign * new TimeSpan(int.Parse(tz.Value[1..3], CultureInfo.InvariantCulture), int.Parse(tz.Value[4..6], CultureInfo.InvariantCulture), 0);
            }
        }
        if (month is < 1 or > 12 || day < 1 || (precision >= DateTimePrecision.Day && day > System.DateTime.DaysInMonth(Math.Max(year, 1), month))
            || hour > 23 || minute > 59 || second > 59)
            return null;
        return new PartialDateTime(kind, precision, year, month, day, hour, minute, second, ms, offset);
    }

    /// <summary>The number of digits of precision, as FHIRPath's <c>precision()</c> reports it.</summary>
    public int PrecisionDigits => Kind == TemporalKind.Time
        ? Precision switch { DateTimePrecision.Hour => 2, DateTimePrecision.Minute => 4, DateTimePrecision.Second => 6, _ => 9 }
        : Precision switch
        {
            DateTimePrecision.Year => 4, DateTimePrecision.Month => 6, DateTimePrecision.Day => 8, DateTimePrecision.Hour => 10,
            DateTimePrecision.Minute => 12, DateTimePrecision.Second => 14, _ => 17,
        };

    /// <summary>The precision a digit count stands for, or null if it names none.</summary>
    public static DateTimePrecision? PrecisionFromDigits(TemporalKind kind, int digits) => kind == TemporalKind.Time
        ? digits switch { 2 => DateTimePrecision.Hour, 4 => DateTimePrecision.Minute, 6 => DateTimePrecision.Second, 9 => DateTimePrecision.Millisecond, _ => null }
        : digits switch
        {
            4 => DateTimePrecision.Year, 6 => DateTimePrecision.Month, 8 => DateTimePrecision.Day, 10 => DateTimePrecision.Hour,
            12 => DateTimePrecision.Minute, 14 => DateTimePrecision.Second, 17 => DateTimePrecision.Millisecond, _ => null,
        };

    /// <summary>Same instant with another precision (components beyond it reset), keeping the kind unless told.</summary>
    public PartialDateTime WithPrecision(DateTimePrecision precision, TemporalKind? kind = null, TimeSpan? offset = null, bool keepOffset = true)
    {
        var k = kind ?? Kind;
        var p = precision;
        return new PartialDateTime(k, p, Year,
            p >= DateTimePrecision.Month ? Month : 1, p >= DateTimePrecision.Day ? Day : 1,
            p >= DateTimePrecision.Hour ? Hour : 0, p >= DateTimePrecision.Minute ? Minute : 0,
            p >= DateTimePrecision.Second ? Second : 0, p >= DateTimePrecision.Millisecond ? Millisecond : 0,
            offset ?? (keepOffset ? Offset : null));
    }

    /// <summary>This value at UTC when it carries an offset (only meaningful from hour precision on).</summary>
    private PartialDateTime ToUtc()
    {
        if (Offset is not { } off || off == TimeSpan.Zero || Kind == TemporalKind.Time) return this;
        var dt = new System.DateTime(Year, Month, Day, Hour, Minute, Second, Millisecond, DateTimeKind.Unspecified) - off;
        return new PartialDateTime(Kind, Precision, dt.Year, dt.Month, dt.Day, dt.Hour, dt.Minute, dt.Second, dt.Millisecond, TimeSpan.Zero);
    }

    private static int Level(DateTimePrecision p) => p == DateTimePrecision.Millisecond ? (int)DateTimePrecision.Second : (int)p;

    /// <summary>
    /// Orders two values: negative, zero or positive, or null when the answer depends on components one of them lacks
    /// (different precision) or when exactly one carries a timezone.
    /// </summary>
    public static int? Compare(PartialDateTime a, PartialDateTime b)
    {
        if ((a.Kind == TemporalKind.Time) != (b.Kind == TemporalKind.Time)) return null;
        if (a.Kind != TemporalKind.Time && a.Precision >= DateTimePrecision.Hour && b.Precision >= DateTimePrecision.Hour)
        {
            if (a.Offset.HasValue != b.Offset.HasValue) return null;
            a = a.ToUtc(); b = b.ToUtc();
        }
        var common = Math.Min(Level(a.Precision), Level(b.Precision));
        int[] av = [a.Year, a.Month, a.Day, a.Hour, a.Minute];
        int[] bv = [b.Year, b.Month, b.Day, b.Hour, b.Minute];
        var start = a.Kind == TemporalKind.Time ? (int)DateTimePrecision.Hour : 0;
        for (var level = start; level <= Math.Min(common, (int)DateTimePrecision.Minute); level++)
        {
            var c = av[level].CompareTo(bv[level]);
            if (c != 0) return c;
        }
        if (common == (int)DateTimePrecision.Second)
        {
            var c = (a.Second * 1000 + a.Millisecond).CompareTo(b.Second * 1000 + b.Millisecond);
            if (c != 0) return c;
        }
        return Level(a.Precision) == Level(b.Precision) ? 0 : null;
    }

    /// <summary>FHIRPath <c>=</c>: true, false, or null (empty) when precision differs.</summary>
    public static bool? AreEqual(PartialDateTime a, PartialDateTime b)
    {
        if ((a.Kind == TemporalKind.Time) != (b.Kind == TemporalKind.Time)) return false;
        var c = Compare(a, b);
        return c is null ? null : c == 0;
    }

    /// <summary>FHIRPath <c>~</c>: differing precision is simply not equivalent.</summary>
    public static bool AreEquivalent(PartialDateTime a, PartialDateTime b) => Compare(a, b) == 0;

    public bool Equals(PartialDateTime? other) => other is not null && Kind == other.Kind && Precision == other.Precision
        && Year == other.Year && Month == other.Month && Day == other.Day && Hour == other.Hour && Minute == other.Minute
        && Second == other.Second && Millisecond == other.Millisecond && Offset == other.Offset;

    public override bool Equals(object? obj) => Equals(obj as PartialDateTime);

    public override int GetHashCode() => HashCode.Combine(Kind, Precision, Year, Month, Day, Hour, Minute, HashCode.Combine(Second, Millisecond, Offset));

    /// <summary>Adds a whole number of calendar units, keeping precision (month arithmetic clamps to the month's last day).</summary>
    public PartialDateTime Add(long amount, DateTimePrecision unit)
    {
        if (Kind == TemporalKind.Time)
        {
            var t = new TimeSpan(0, Hour, Minute, Second, Millisecond) + unit switch
            {
                DateTimePrecision.Hour => TimeSpan.FromHours(amount),
                DateTimePrecision.Minute => TimeSpan.FromMinutes(amount),
                DateTimePrecision.Second => TimeSpan.FromSeconds(amount),
                DateTimePrecision.Millisecond => TimeSpan.FromMilliseconds(amount),
                _ => throw new FhirPathEvaluationException($"cannot add a {unit.ToString().ToLowerInvariant()} duration to a Time"),
            };
            var ms = ((long)t.TotalMilliseconds % 86_400_000 + 86_400_000) % 86_400_000;
            var tt = TimeSpan.FromMilliseconds(ms);
            return new PartialDateTime(Kind, Precision, hour: tt.Hours, minute: tt.Minutes, second: tt.Seconds, millisecond: tt.Milliseconds);
        }
        var dt = new System.DateTime(Year, Month, Day, Hour, Minute, Second, Millisecond, DateTimeKind.Unspecified);
        // A duration finer than the value's precision moves it only by whole units of that precision.
        if (Precision < unit && unit >= DateTimePrecision.Day)
        {
            var asMs = unit switch
            {
                DateTimePrecision.Day => amount * 86_400_000L, DateTimePrecision.Hour => amount * 3_600_000L,
                DateTimePrecision.Minute => amount * 60_000L, DateTimePrecision.Second => amount * 1000L, _ => amount,
            };
            var perUnit = Precision switch
            {
                DateTimePrecision.Day => 86_400_000L, DateTimePrecision.Hour => 3_600_000L, DateTimePrecision.Minute => 60_000L,
                DateTimePrecision.Second => 1000L, _ => 0L,
            };
            if (perUnit > 0) { amount = asMs / perUnit; unit = Precision; }
            else if (Precision == DateTimePrecision.Month) { amount = asMs / 86_400_000L / 30; unit = DateTimePrecision.Month; }
            else { amount = asMs / 86_400_000L / 365; unit = DateTimePrecision.Year; }
        }
        try
        {
            dt = unit switch
            {
                DateTimePrecision.Year => dt.AddYears(checked((int)amount)),
                DateTimePrecision.Month => dt.AddMonths(checked((int)amount)),
                DateTimePrecision.Day => dt.AddDays(amount),
                DateTimePrecision.Hour => dt.AddHours(amount),
                DateTimePrecision.Minute => dt.AddMinutes(amount),
                DateTimePrecision.Second => dt.AddSeconds(amount),
                _ => dt.AddMilliseconds(amount),
            };
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new FhirPathEvaluationException("date arithmetic went outside the representable range");
        }
        return new PartialDateTime(Kind, Precision, dt.Year, dt.Month, dt.Day, dt.Hour, dt.Minute, dt.Second, dt.Millisecond, Offset);
    }

    /// <summary>The value as FHIRPath's <c>toString()</c> renders it (no <c>@</c>).</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        if (Kind != TemporalKind.Time)
        {
            sb.Append(Year.ToString("D4", inv));
            if (Precision >= DateTimePrecision.Month) sb.Append('-').Append(Month.ToString("D2", inv));
            if (Precision >= DateTimePrecision.Day) sb.Append('-').Append(Day.ToString("D2", inv));
            if (Kind == TemporalKind.Date || Precision < DateTimePrecision.Hour) return sb.ToString();
            sb.Append('T');
        }
        sb.Append(Hour.ToString("D2", inv));
        if (Precision >= DateTimePrecision.Minute) sb.Append(':').Append(Minute.ToString("D2", inv));
        if (Precision >= DateTimePrecision.Second) sb.Append(':').Append(Second.ToString("D2", inv));
        if (Precision >= DateTimePrecision.Millisecond) sb.Append('.').Append(Millisecond.ToString("D3", inv));
        if (Offset is { } off)
        {
            if (off == TimeSpan.Zero) sb.Append('Z');
            else sb.Append(off < TimeSpan.Zero ? '-' : '+').Append(off.Duration().ToString(@"hh\:mm", inv));
        }
        return sb.ToString();
    }

    /// <summary>The value as a FHIRPath literal (<c>@2014-01</c>, <c>@T10:30</c>).</summary>
    public string ToLiteral() => Kind == TemporalKind.Time ? "@T" + ToString()
        : Kind == TemporalKind.DateTime && Precision < DateTimePrecision.Hour ? "@" + ToString() + "T" : "@" + ToString();
}
