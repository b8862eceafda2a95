using FhirPriorAuth.Fhir.FhirPath.Values;

namespace FhirPriorAuth.Fhir.FhirPath.Operators;

/// <summary>Numeric promotion (Integer → Long → Decimal) and ordering of operands.</summary>
internal static class Numbers
{
    public static bool IsNumber(object? v) => v is int or long or decimal;

    /// <summary>Brings two numbers to a common type; false when either is not a number.</summary>
    public static bool TryPromote(object a, object b, out object pa, out object pb)
    {
        pa = a; pb = b;
        if (!IsNumber(a) || !IsNumber(b)) return false;
        if (a is decimal || b is decimal) { pa = Convert.ToDecimal(a); pb = Convert.ToDecimal(b); return true; }
        if (a is long || b is long) { pa = Convert.ToInt64(a); pb = Convert.ToInt64(b); return true; }
        return true;
    }

    public static int CompareNumbers(object a, object b) => (a, b) switch
    {
        (int x, int y) => x.CompareTo(y),
        (long x, long y) => x.CompareTo(y),
        _ => Convert.ToDecimal(a).CompareTo(Convert.ToDecimal(b)),
    };

    /// <summary>Orders two single operands for &lt; &gt; &lt;= &gt;=: null when unknown (precision, units); an error when the types cannot be compared.</summary>
    public static int? Compare(object left, object right)
    {
        var a = ItemValues.ToOperand(left);
        var b = ItemValues.ToOperand(right);
        if (a is null || b is null) return null;
        if (TryPromote(a, b, out var na, out var nb)) return CompareNumbers(na, nb);
        return (a, b) switch
        {
            (string x, string y) => string.CompareOrdinal(x, y),
            (PartialDateTime x, PartialDateTime y) when (x.Kind == TemporalKind.Time) == (y.Kind == TemporalKind.Time) => PartialDateTime.Compare(x, y),
            (Quantity x, Quantity y) => Quantity.Compare(x, y),
            (Quantity x, _) when IsNumber(b) => Quantity.Compare(x, new Quantity(Convert.ToDecimal(b), "1")),
            (_, Quantity y) when IsNumber(a) => Quantity.Compare(new Quantity(Convert.ToDecimal(a), "1"), y),
            _ => throw new FhirPathEvaluationException($"cannot compare {Describe(a)} with {Describe(b)}"),
        };
    }

    internal static string Describe(object v) => ItemValues.SystemTypeName(v) ?? (v is Elements.ElementNode n ? n.InstanceType ?? n.Name : v.GetType().Name);
}
