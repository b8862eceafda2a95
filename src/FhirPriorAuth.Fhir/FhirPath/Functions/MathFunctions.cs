using FhirPriorAuth.Fhir.FhirPath.Values;

namespace FhirPriorAuth.Fhir.FhirPath.Functions;

/// <summary>Math (spec 5.7). Integer stays Integer where the spec says so; results outside the real numbers are empty.</summary>
internal static class MathFunctions
{
    private static readonly IReadOnlyList<object> Empty = [];

    public static void Register(Registry r)
    {
        r.Add("abs", 0, 0, c => Number(c) switch
        {
            int i => [Math.Abs(i)],
            long l => [Math.Abs(l)],
            decimal d => [Math.Abs(d)],
            Quantity q => [q with { Value = Math.Abs(q.Value) }],
            _ => throw c.Error("needs a number or quantity"),
        });
        r.Add("ceiling", 0, 0, c => Number(c) switch
        {
            int i => [i],
            long l => [l],
            decimal d => [(int)decimal.Ceiling(d)],
            _ => throw c.Error("needs a number"),
        });
        r.Add("floor", 0, 0, c => Number(c) switch
        {
            int i => [i],
            long l => [l],
            decimal d => [(int)decimal.Floor(d)],
            _ => throw c.Error("needs a number"),
        });
        r.Add("truncate", 0, 0, c => Number(c) switch
        {
            int i => [i],
            long l => [l],
            decimal d => [(int)decimal.Truncate(d)],
            _ => throw c.Error("needs a number"),
        });
        r.Add("round", 0, 1, c =>
        {
            var precision = c.ArgumentCount > 0 ? c.IntegerArgument(0) ?? 0 : 0;
            if (precision < 0) throw c.Error("precision must not be negative");
            return Number(c) switch
            {
                int i => [(decimal)i],
                long l => [(decimal)l],
                decimal d => [Math.Round(d, Math.Min(precision, 28), MidpointRounding.AwayFromZero)],
                _ => throw c.Error("needs a number"),
            };
        });
        r.Add("exp", 0, 0, c => Real(c, Math.Exp));
        r.Add("ln", 0, 0, c => Real(c, Math.Log));
        r.Add("sqrt", 0, 0, c => Real(c, Math.Sqrt));
        r.Add("log", 1, 1, c =>
        {
            var b = c.SingleArgument(0);
            if (b is null) return Empty;
            return Real(c, x => Math.Log(x) / Math.Log(Convert.ToDouble(b)));
        });
        r.Add("power", 1, 1, c =>
        {
            var exponent = c.SingleArgument(0);
            var value = Number(c);
            if (exponent is null) return Empty;
            if (value is int i && exponent is int e && e >= 0)
            {
                try { return [checked((int)Math.Pow(i, e))]; }
                catch (OverflowException) { return Empty; }
            }
            var result = Math.Pow(Convert.ToDouble(value), Convert.ToDouble(exponent));
            return double.IsNaN(result) || double.IsInfinity(result) ? Empty : [ToDecimal(result)];
        });
    }

    private static object Number(Invocation c) => ItemValues.ToOperand(c.SingleInput()!) ?? throw c.Error("needs a value");

    private static IReadOnlyList<object> Real(Invocation c, Func<double, double> f)
    {
        var v = Number(c);
        if (v is not (int or long or decimal)) throw c.Error("needs a number");
        var result = f(Convert.ToDouble(v));
        return double.IsNaN(result) || double.IsInfinity(result) ? Empty : [ToDecimal(result)];
    }

    private static decimal ToDecimal(double d) => decimal.Parse(d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
}
