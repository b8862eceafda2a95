using System.Globalization;
using System.Text.RegularExpressions;
using FhirPriorAuth.Fhir.FhirPath.Values;

namespace FhirPriorAuth.Fhir.FhirPath.Functions;

/// <summary>Conversions (spec 5.5): each <c>toX()</c> has a <c>convertsToX()</c> twin that reports whether it would succeed.</summary>
internal static partial class ConversionFunctions
{
    private static readonly IReadOnlyList<object> Empty = [];

    public static void Register(Registry r)
    {
        Pair(r, "Boolean", ToBoolean);
        Pair(r, "Integer", ToInteger);
        Pair(r, "Long", ToLong);
        Pair(r, "Decimal", ToDecimal);
        Pair(r, "String", ToStringValue);
        Pair(r, "Date", ToDate);
        Pair(r, "DateTime", ToDateTime);
        Pair(r, "Time", ToTime);
        r.Add("toQuantity", 0, 1, c => Invocation.One(ToQuantity(c)));
        r.Add("convertsToQuantity", 0, 1, c => [ToQuantity(c) is not null]);
    }

    private static void Pair(Registry r, string type, Func<object, object?> convert)
    {
        r.Add("to" + type, 0, 0, c => Invocation.One(Convert(c, convert)));
        r.Add("convertsTo" + type, 0, 0, c => [Convert(c, convert) is not null]);
    }

    private static object? Convert(Invocation c, Func<object, object?> convert)
    {
        var item = c.SingleInput();
        return item is null ? null : ItemValues.ToOperand(item) is { } v ? convert(v) : null;
    }

    private static readonly string[] TrueStrings = ["true", "t", "yes", "y", "1", "1.0"];
    private static readonly string[] FalseStrings = ["false", "f", "no", "n", "0", "0.0"];

    internal static object? ToBoolean(object v) => v switch
    {
        bool b => b,
        int i => i switch { 1 => true, 0 => false, _ => null },
        long l => l switch { 1 => true, 0 => false, _ => null },
        decimal d => d == 1m ? true : d == 0m ? false : null,
        string s when TrueStrings.Contains(s, StringComparer.OrdinalIgnoreCase) => true,
        string s when FalseStrings.Contains(s, StringComparer.OrdinalIgnoreCase) => false,
        _ => null,
    };

    [GeneratedRegex(@"^[+-]?\d+$")]
    private static partial Regex IntegerText();

    [GeneratedRegex(@"^[+-]?\d+(\.\d+)?$")]
    private static partial Regex DecimalText();

    private static object? ToInteger(object v) => v switch
    {
        int i => i,
        long l when l is >= int.MinValue and <= int.MaxValue => (int)l,
        bool b => b ? 1 : 0,
        string s when IntegerText().IsMatch(s) && int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) => i,
        _ => null,
    };

    private static object? ToLong(object v) => v switch
    {
        int i => (long)i,
        long l => l,
        bool b => b ? 1L : 0L,
        string s when IntegerText().IsMatch(s) && long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
        _ => null,
    };

    private static object? ToDecimal(object v) => v switch
    {
        int i => (decimal)i,
        long l => (decimal)l,
        decimal d => d,
        bool b => b ? 1.0m : 0.0m,
        string s when DecimalText().IsMatch(s) && decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    internal static object? ToStringValue(object v) => v switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        PartialDateTime p => p.ToString(),
        Quantity q => q.ToString(),
        _ => null,
    };

    private static object? ToDate(object v) => v switch
    {
        PartialDateTime { Kind: TemporalKind.Date } p => p,
        PartialDateTime { Kind: TemporalKind.DateTime } p => p.WithPrecision(p.Precision > DateTimePrecision.Day ? DateTimePrecision.Day : p.Precision, TemporalKind.Date, keepOffset: false),
        string s => PartialDateTime.ParseDate(s) ?? (PartialDateTime.ParseDateTime(s) is { } dt ? ToDate(dt) : null),
        _ => null,
    };

    private static object? ToDateTime(object v) => v switch
    {
        PartialDateTime { Kind: TemporalKind.DateTime } p => p,
        PartialDateTime { Kind: TemporalKind.Date } p => p.WithPrecision(p.Precision, TemporalKind.DateTime),
        string s => PartialDateTime.ParseDateTime(s),
        _ => null,
    };

    private static object? ToTime(object v) => v switch
    {
        PartialDateTime { Kind: TemporalKind.Time } p => p,
        string s => PartialDateTime.ParseTime(s.StartsWith('T') ? s[1..] : s),
        _ => null,
    };

    [GeneratedRegex(@"^\s*([+-]?\d+(?:\.\d+)?)\s*(?:'([^']+)'|([a-zA-Z]+))?\s*$")]
    private static partial Regex QuantityText();

    /// <summary>The input as a Quantity, optionally converted to the unit given as argument; null when not possible.</summary>
    private static Quantity? ToQuantity(Invocation c)
    {
        var item = c.SingleInput();
        if (item is null) return null;
        Quantity? q = ItemValues.ToOperand(item) switch
        {
            Quantity quantity => quantity,
            int i => new Quantity(i, "1"),
            long l => new Quantity(l, "1"),
            decimal d => new Quantity(d, "1"),
            bool b => new Quantity(b ? 1.0m : 0.0m, "1"),
            string s => ParseQuantity(s),
            _ => null,
        };
        if (q is null || c.ArgumentCount == 0) return q;
        var unit = c.StringArgument(0);
        if (unit is null) return null;
        return q.ValueIn(unit) is { } converted ? Quantity.Create(converted, unit) : null;
    }

    internal static Quantity? ParseQuantity(string s)
    {
        var m = QuantityText().Match(s);
        if (!m.Success) return null;
        var value = decimal.Parse(m.Groups[1].Value, NumberStyles.Number, CultureInfo.InvariantCulture);
        if (m.Groups[2].Success) return Ucum.IsKnown(m.Groups[2].Value) ? new Quantity(value, m.Groups[2].Value) : null;
        if (m.Groups[3].Success) return Ucum.CalendarUnits.ContainsKey(m.Groups[3].Value) ? Quantity.Create(value, m.Groups[3].Value) : null;
        return new Quantity(value, "1");
    }
}
