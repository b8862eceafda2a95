using System.Collections.Concurrent;
using System.Globalization;

namespace FhirPriorAuth.Fhir.FhirPath.Values;

/// <summary>
/// A unit reduced to a factor and base dimensions, so quantities in different units can be compared and added.
/// Dimensions: metre, gram, second, mole, kelvin, ampere, candela, and a separate "calendar month" dimension
/// because FHIRPath says calendar years/months are not comparable to the UCUM definite durations <c>a</c>/<c>mo</c>.
/// </summary>
internal readonly record struct CanonicalUnit(decimal Factor, Dimensions Dimensions);

internal readonly record struct Dimensions(sbyte M, sbyte G, sbyte S, sbyte Mol, sbyte K, sbyte A, sbyte Cd, sbyte CalendarMonth)
{
    public static Dimensions None => default;

    public Dimensions Times(Dimensions o, int sign) => new(
        (sbyte)(M + sign * o.M), (sbyte)(G + sign * o.G), (sbyte)(S + sign * o.S), (sbyte)(Mol + sign * o.Mol),
        (sbyte)(K + sign * o.K), (sbyte)(A + sign * o.A), (sbyte)(Cd + sign * o.Cd), (sbyte)(CalendarMonth + sign * o.CalendarMonth));

    public Dimensions Pow(int e) => new((sbyte)(M * e), (sbyte)(G * e), (sbyte)(S * e), (sbyte)(Mol * e),
        (sbyte)(K * e), (sbyte)(A * e), (sbyte)(Cd * e), (sbyte)(CalendarMonth * e));
}

/// <summary>
/// The slice of UCUM prior-authorisation data uses (mass, volume, substance, length, time, percent, rates, pressure),
/// with the metric prefixes. Unknown units still compare with themselves by exact spelling; that includes arbitrary
/// units such as <c>[iU]</c> and the affine temperature scales (<c>Cel</c>, <c>[degF]</c>), which a factor cannot convert.
/// </summary>
internal static class Ucum
{
    private static readonly Dimensions Metre = new(1, 0, 0, 0, 0, 0, 0, 0);
    private static readonly Dimensions Gram = new(0, 1, 0, 0, 0, 0, 0, 0);
    private static readonly Dimensions Second = new(0, 0, 1, 0, 0, 0, 0, 0);
    private static readonly Dimensions Mole = new(0, 0, 0, 1, 0, 0, 0, 0);
    private static readonly Dimensions Month = new(0, 0, 0, 0, 0, 0, 0, 1);

    // Atoms that accept metric prefixes (mg, mL, mmol, ms, ...).
    private static readonly Dictionary<string, CanonicalUnit> MetricAtoms = new(StringComparer.Ordinal)
    {
        ["m"] = new(1m, Metre),
        ["g"] = new(1m, Gram),
        ["s"] = new(1m, Second),
        ["L"] = new(0.001m, Metre.Pow(3)),
        ["l"] = new(0.001m, Metre.Pow(3)),
        ["mol"] = new(1m, Mole),
        ["K"] = new(1m, new(0, 0, 0, 0, 1, 0, 0, 0)),
        ["A"] = new(1m, new(0, 0, 0, 0, 0, 1, 0, 0)),
        ["cd"] = new(1m, new(0, 0, 0, 0, 0, 0, 1, 0)),
        ["Hz"] = new(1m, Second.Pow(-1)),
        ["N"] = new(1000m, Gram.Times(Metre, 1).Times(Second.Pow(2), -1)),
        ["Pa"] = new(1000m, Gram.Times(Metre, -1).Times(Second.Pow(2), -1)),
        ["J"] = new(1000m, Gram.Times(Metre.Pow(2), 1).Times(Second.Pow(2), -1)),
        ["W"] = new(1000m, Gram.Times(Metre.Pow(2), 1).Times(Second.Pow(3), -1)),
        ["eq"] = new(1m, Mole),
        ["U"] = new(1m, Mole.Times(Second, -1)),
        ["bar"] = new(100_000_000m, Gram.Times(Metre, -1).Times(Second.Pow(2), -1)),
    };

    private static readonly Dictionary<string, CanonicalUnit> PlainAtoms = new(StringComparer.Ordinal)
    {
        ["1"] = new(1m, Dimensions.None),
        ["%"] = new(0.01m, Dimensions.None),
        ["[ppm]"] = new(0.000001m, Dimensions.None),
        ["min"] = new(60m, Second),
        ["h"] = new(3600m, Second),
        ["d"] = new(86400m, Second),
        ["wk"] = new(604800m, Second),
        ["mo"] = new(2629800m, Second), // mean Julian month
        ["a"] = new(31557600m, Second), // Julian year
        ["[lb_av]"] = new(453.59237m, Gram),
        ["[oz_av]"] = new(28.349523125m, Gram),
        ["[in_i]"] = new(0.0254m, Metre),
        ["[ft_i]"] = new(0.3048m, Metre),
        ["[mi_i]"] = new(1609.344m, Metre),
        ["mm[Hg]"] = new(133322.387415m, Gram.Times(Metre, -1).Times(Second.Pow(2), -1)),
        ["[drp]"] = new(0.00000005m, Metre.Pow(3)),
    };

    private static readonly (string Prefix, decimal Factor)[] Prefixes =
    [
        ("da", 10m), ("Y", 1e24m), ("Z", 1e21m), ("E", 1e18m), ("P", 1e15m), ("T", 1e12m), ("G", 1e9m), ("M", 1e6m),
        ("k", 1e3m), ("h", 1e2m), ("d", 0.1m), ("c", 0.01m), ("m", 0.001m), ("u", 0.000001m), ("µ", 0.000001m),
        ("n", 1e-9m), ("p", 1e-12m), ("f", 1e-15m), ("a", 1e-18m),
    ];

    /// <summary>FHIRPath calendar duration keywords and what they mean: year/month are their own dimension.</summary>
    internal static readonly Dictionary<string, (string Singular, CanonicalUnit Unit, string? UcumEquivalent)> CalendarUnits = new(StringComparer.Ordinal)
    {
        ["year"] = ("year", new(12m, Month), null), ["years"] = ("year", new(12m, Month), null),
        ["month"] = ("month", new(1m, Month), null), ["months"] = ("month", new(1m, Month), null),
        ["week"] = ("week", new(604800m, Second), "wk"), ["weeks"] = ("week", new(604800m, Second), "wk"),
        ["day"] = ("day", new(86400m, Second), "d"), ["days"] = ("day", new(86400m, Second), "d"),
        ["hour"] = ("hour", new(3600m, Second), "h"), ["hours"] = ("hour", new(3600m, Second), "h"),
        ["minute"] = ("minute", new(60m, Second), "min"), ["minutes"] = ("minute", new(60m, Second), "min"),
        ["second"] = ("second", new(1m, Second), "s"), ["seconds"] = ("second", new(1m, Second), "s"),
        ["millisecond"] = ("millisecond", new(0.001m, Second), "ms"), ["milliseconds"] = ("millisecond", new(0.001m, Second), "ms"),
    };

    private static readonly ConcurrentDictionary<string, CanonicalUnit?> Cache = new(StringComparer.Ordinal);

    /// <summary>The canonical form of a UCUM unit or calendar keyword, or null when it is outside this slice of UCUM.</summary>
    public static CanonicalUnit? Canonicalize(string unit)
    {
        if (CalendarUnits.TryGetValue(unit, out var cal)) return cal.Unit;
        if (Cache.Count > 1000) Cache.Clear();
        return Cache.GetOrAdd(unit, u => new Parser(u).ParseAll());
    }

    /// <summary>True when the unit is a valid member of this slice of UCUM (used by <c>toQuantity()</c> and the lexer).</summary>
    public static bool IsKnown(string unit) => Canonicalize(unit) is not null;

    private static CanonicalUnit? Atom(string text)
    {
        if (PlainAtoms.TryGetValue(text, out var plain)) return plain;
        if (MetricAtoms.TryGetValue(text, out var metric)) return metric;
        foreach (var (prefix, factor) in Prefixes)
        {
            if (text.Length > prefix.Length && text.StartsWith(prefix, StringComparison.Ordinal)
                && MetricAtoms.TryGetValue(text[prefix.Length..], out var atom))
                return atom with { Factor = atom.Factor * factor };
        }
        if (text.StartsWith("10*", StringComparison.Ordinal) || text.StartsWith("10^", StringComparison.Ordinal))
        {
            if (int.TryParse(text[3..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var e) && Math.Abs(e) <= 24)
                return new CanonicalUnit(Pow10(e), Dimensions.None);
        }
        return null;
    }

    private static decimal Pow10(int e)
    {
        var r = 1m;
        for (var i = 0; i < Math.Abs(e); i++) r *= 10m;
        return e < 0 ? 1m / r : r;
    }

    /// <summary>Recursive descent over UCUM's term syntax: components joined by <c>.</c> and <c>/</c>, exponents, parentheses, annotations.</summary>
    private ref struct Parser(string text)
    {
        private readonly string _text = text;
        private int _pos;

        public CanonicalUnit? ParseAll()
        {
            if (_text.Length == 0) return null;
            try
            {
                var r = Term();
                return r is not null && _pos == _text.Length ? r : null;
            }
            catch (OverflowException)
            {
                return null;
            }
        }

        private CanonicalUnit? Term()
        {
            CanonicalUnit? acc;
            if (_pos < _text.Length && _text[_pos] == '/')
            {
                _pos++;
                var first = Component();
                if (first is null) return null;
                acc = new CanonicalUnit(1m / first.Value.Factor, Dimensions.None.Times(first.Value.Dimensions, -1));
            }
            else acc = Component();
            while (acc is not null && _pos < _text.Length && (_text[_pos] == '.' || _text[_pos] == '/'))
            {
                var divide = _text[_pos] == '/';
                _pos++;
                var next = Component();
                if (next is null) return null;
                acc = divide
                    ? new CanonicalUnit(acc.Value.Factor / next.Value.Factor, acc.Value.Dimensions.Times(next.Value.Dimensions, -1))
                    : new CanonicalUnit(acc.Value.Factor * next.Value.Factor, acc.Value.Dimensions.Times(next.Value.Dimensions, 1));
            }
            return acc;
        }

        private CanonicalUnit? Component()
        {
            if (_pos >= _text.Length) return null;
            if (_text[_pos] == '(')
            {
                _pos++;
                var inner = Term();
                if (inner is null || _pos >= _text.Length || _text[_pos] != ')') return null;
                _pos++;
                return inner;
            }
            if (_text[_pos] == '{')
            {
                var close = _text.IndexOf('}', _pos);
                if (close < 0) return null;
                _pos = close + 1;
                return new CanonicalUnit(1m, Dimensions.None);
            }
            var start = _pos;
            // An atom runs until an operator; square brackets may hold anything.
            while (_pos < _text.Length && _text[_pos] != '.' && _text[_pos] != '/' && _text[_pos] != '(' && _text[_pos] != ')' && _text[_pos] != '{')
            {
                if (_text[_pos] == '[')
                {
                    var close = _text.IndexOf(']', _pos);
                    if (close < 0) return null;
                    _pos = close + 1;
                }
                else _pos++;
            }
            var token = _text[start.._pos];
            if (_pos < _text.Length && _text[_pos] == '{')
            {
                var close = _text.IndexOf('}', _pos);
                if (close < 0) return null;
                _pos = close + 1;
            }
            return Split(token);
        }

        /// <summary>Separates a trailing exponent (<c>m2</c>, <c>s-1</c>) unless the whole token is an atom (<c>10*3</c>).</summary>
        private static CanonicalUnit? Split(string token)
        {
            if (token.Length == 0) return null;
            if (Atom(token) is { } whole) return whole;
            var i = token.Length;
            while (i > 0 && char.IsAsciiDigit(token[i - 1])) i--;
            if (i > 0 && (token[i - 1] == '-' || token[i - 1] == '+')) i--;
            if (i == token.Length || i == 0) return null;
            if (!int.TryParse(token[i..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exp)) return null;
            if (Atom(token[..i]) is not { } atom) return null;
            var factor = 1m;
            for (var k = 0; k < Math.Abs(exp); k++) factor *= atom.Factor;
            if (exp < 0) factor = 1m / factor;
            return new CanonicalUnit(factor, atom.Dimensions.Pow(exp));
        }
    }
}
