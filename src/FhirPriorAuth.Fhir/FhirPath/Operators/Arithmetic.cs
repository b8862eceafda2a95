using System.Numerics;
using FhirPriorAuth.Fhir.FhirPath.Values;

namespace FhirPriorAuth.Fhir.FhirPath.Operators;

/// <summary>+ - * / div mod on single operands. Results are null (empty) for division by zero and overflow.</summary>
internal static class Arithmetic
{
    public static object? Apply(string op, object left, object right)
    {
        var a = ItemValues.ToOperand(left);
        var b = ItemValues.ToOperand(right);
        if (a is null || b is null) return null;
        if (op == "+" && a is string sa && b is string sb) return sa + sb;
        if (a is PartialDateTime date && b is Quantity duration && op is "+" or "-") return AddDuration(date, duration, op == "-");
        if (a is Quantity qa && b is Quantity qb) return QuantityArithmetic(op, qa, qb);
        if (a is Quantity q1 && Numbers.IsNumber(b) && op is "*" or "/") return QuantityArithmetic(op, q1, new Quantity(Convert.ToDecimal(b), "1"));
        if (Numbers.IsNumber(a) && b is Quantity q2 && op == "*") return QuantityArithmetic(op, new Quantity(Convert.ToDecimal(a), "1"), q2);
        if (!Numbers.TryPromote(a, b, out var x, out var y))
            throw new FhirPathEvaluationException($"operator '{op}' cannot be applied to {Numbers.Describe(a)} and {Numbers.Describe(b)}");
        try
        {
            return (x, y) switch
            {
                (int i, int j) => IntegralOp(op, i, j),
                (long i, long j) => IntegralOp(op, i, j),
                _ => DecimalOp(op, (decimal)x, (decimal)y),
            };
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    // Integer and Long share one body: results keep the operand type, and '/' is always a Decimal.
    private static object? IntegralOp<T>(string op, T i, T j) where T : IBinaryInteger<T> => op switch
    {
        "+" => checked(i + j),
        "-" => checked(i - j),
        "*" => checked(i * j),
        "/" => T.IsZero(j) ? null : decimal.CreateChecked(i) / decimal.CreateChecked(j),
        "div" => T.IsZero(j) ? null : i / j,
        "mod" => T.IsZero(j) ? null : i % j,
        _ => throw new FhirPathEvaluationException($"unknown operator '{op}'"),
    };

    private static object? DecimalOp(string op, decimal i, decimal j) => op switch
    {
        "+" => i + j,
        "-" => i - j,
        "*" => i * j,
        "/" => j == 0 ? null : i / j,
        "div" => j == 0 ? null : decimal.Truncate(i / j),
        "mod" => j == 0 ? null : i % j,
        _ => throw new FhirPathEvaluationException($"unknown operator '{op}'"),
    };

    private static Quantity? QuantityArithmetic(string op, Quantity a, Quantity b)
    {
        switch (op)
        {
            case "+":
            case "-":
            {
                if (b.ValueIn(a.Unit) is not { } bv) throw new FhirPathEvaluationException($"cannot {(op == "+" ? "add" : "subtract")} '{b.Unit}' and '{a.Unit}'");
                return a with { Value = op == "+" ? a.Value + bv : a.Value - bv };
            }
            case "*":
                return new Quantity(a.Value * b.Value, CombineUnits(a.Unit, b.Unit, "."));
            case "/":
                if (b.Value == 0) return null;
                return new Quantity(a.Value / b.Value, CombineUnits(a.Unit, b.Unit, "/"));
            default:
                throw new FhirPathEvaluationException($"operator '{op}' is not defined for quantities");
        }
    }

    private static string UcumOf(Quantity q) => q.IsCalendarUnit ? Ucum.CalendarUnits[q.Unit].UcumEquivalent ?? q.Unit : q.Unit;

    private static string CombineUnits(string a, string b, string op)
    {
        a = UcumOf(Quantity.Create(0, a));
        b = UcumOf(Quantity.Create(0, b));
        if (b == "1") return a;
        if (a == "1") return op == "." ? b : "/" + Wrap(b);
        return a + op + Wrap(b);
    }

    private static string Wrap(string unit) => unit.Contains('.') || unit.Contains('/') ? "(" + unit + ")" : unit;

    /// <summary>
    /// Date/time plus a duration. Calendar keywords and the definite UCUM units up to weeks are allowed; <c>'a'</c> and
    /// <c>'mo'</c> are refused because their UCUM lengths are averages, not calendar years/months. Fractions are dropped.
    /// </summary>
    private static PartialDateTime AddDuration(PartialDateTime date, Quantity duration, bool subtract)
    {
        var (unit, multiplier) = duration.Unit switch
        {
            "year" => (DateTimePrecision.Year, 1),
            "month" => (DateTimePrecision.Month, 1),
            "week" or "wk" => (DateTimePrecision.Day, 7),
            "day" or "d" => (DateTimePrecision.Day, 1),
            "hour" or "h" => (DateTimePrecision.Hour, 1),
            "minute" or "min" => (DateTimePrecision.Minute, 1),
            "second" or "s" => (DateTimePrecision.Second, 1),
            "millisecond" or "ms" => (DateTimePrecision.Millisecond, 1),
            _ => throw new FhirPathEvaluationException($"'{duration.Unit}' is not a duration that can be added to a date"),
        };
        var amount = (long)decimal.Truncate(duration.Value) * multiplier;
        return date.Add(subtract ? -amount : amount, unit);
    }
}
