using FhirPriorAuth.Fhir.FhirPath.Values;

namespace FhirPriorAuth.Fhir.FhirPath.Operators;

/// <summary>Three-valued logic: null stands for the empty collection.</summary>
internal static class Logic
{
    /// <summary>
    /// Singleton evaluation to Boolean: empty → null, one Boolean → its value, one other item → true;
    /// more than one item is an error.
    /// </summary>
    public static bool? ToBoolean(IReadOnlyList<object> c, string where)
    {
        if (c.Count == 0) return null;
        if (c.Count > 1) throw new FhirPathEvaluationException($"{where} needs a single boolean, got {c.Count} items");
        return ItemValues.ToSystemValue(c[0]) is bool b ? b : true;
    }

    public static bool? And(bool? a, bool? b) => a == false || b == false ? false : a == true && b == true ? true : null;
    public static bool? Or(bool? a, bool? b) => a == true || b == true ? true : a == false && b == false ? false : null;
    public static bool? Xor(bool? a, bool? b) => a is null || b is null ? null : a != b;
    public static bool? Implies(bool? a, bool? b) => a == false ? true : a == true ? b : b == true ? true : null;
}
