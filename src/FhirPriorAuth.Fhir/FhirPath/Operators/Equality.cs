using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Elements;
using FhirPriorAuth.Fhir.FhirPath.Values;

namespace FhirPriorAuth.Fhir.FhirPath.Operators;

/// <summary>FHIRPath <c>=</c> and <c>~</c> on items and on collections.</summary>
internal static class Equality
{
    /// <summary>Item equality: true, false, or null when the answer is unknown (dates of different precision, incomparable units).</summary>
    public static bool? ItemsEqual(object left, object right)
    {
        var a = ItemValues.ToOperand(left);
        var b = ItemValues.ToOperand(right);
        if (a is null || b is null) return null;
        switch (a, b)
        {
            case (string x, string y): return string.Equals(x, y, StringComparison.Ordinal);
            case (bool x, bool y): return x == y;
            case (PartialDateTime x, PartialDateTime y): return PartialDateTime.AreEqual(x, y);
            case (Quantity x, Quantity y): return Quantity.AreEqual(x, y);
            case (ElementNode x, ElementNode y): return JsonNode.DeepEquals(x.Json, y.Json);
            case (TypeSpecifier x, TypeSpecifier y): return x == y;
        }
        if (Numbers.TryPromote(a, b, out var na, out var nb)) return Numbers.CompareNumbers(na, nb) == 0;
        return false;
    }

    /// <summary>Item equivalence: strings ignore case and whitespace differences, decimals compare at the lesser precision.</summary>
    public static bool ItemsEquivalent(object left, object right)
    {
        var a = ItemValues.ToOperand(left);
        var b = ItemValues.ToOperand(right);
        if (a is null || b is null) return a is null && b is null;
        switch (a, b)
        {
            case (string x, string y): return string.Equals(NormalizeForEquivalence(x), NormalizeForEquivalence(y), StringComparison.OrdinalIgnoreCase);
            case (bool x, bool y): return x == y;
            case (PartialDateTime x, PartialDateTime y): return PartialDateTime.AreEquivalent(x, y);
            case (Quantity x, Quantity y): return Quantity.AreEquivalent(x, y);
            case (ElementNode x, ElementNode y): return JsonNode.DeepEquals(x.Json, y.Json);
            case (TypeSpecifier x, TypeSpecifier y): return x == y;
        }
        if (a is decimal || b is decimal)
        {
            if (Numbers.TryPromote(a, b, out var da, out var db)) return DecimalMath.AreEquivalent(Convert.ToDecimal(da), Convert.ToDecimal(db));
            return false;
        }
        if (Numbers.TryPromote(a, b, out var na, out var nb)) return Numbers.CompareNumbers(na, nb) == 0;
        return false;
    }

    private static string NormalizeForEquivalence(string s) => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary><c>=</c> on collections: empty if either side is empty, otherwise item by item in order.</summary>
    public static bool? CollectionsEqual(IReadOnlyList<object> left, IReadOnlyList<object> right)
    {
        if (left.Count == 0 || right.Count == 0) return null;
        if (left.Count != right.Count) return false;
        var unknown = false;
        for (var i = 0; i < left.Count; i++)
        {
            var r = ItemsEqual(left[i], right[i]);
            if (r == false) return false;
            if (r is null) unknown = true;
        }
        return unknown ? null : true;
    }

    /// <summary><c>~</c> on collections: order does not matter and two empty collections are equivalent.</summary>
    public static bool CollectionsEquivalent(IReadOnlyList<object> left, IReadOnlyList<object> right)
    {
        if (left.Count != right.Count) return false;
        var used = new bool[right.Count];
        foreach (var l in left)
        {
            var found = false;
            for (var j = 0; j < right.Count; j++)
            {
                if (used[j] || !ItemsEquivalent(l, right[j])) continue;
                used[j] = true;
                found = true;
                break;
            }
            if (!found) return false;
        }
        return true;
    }

    /// <summary>True when <paramref name="item"/> equals some member of <paramref name="collection"/> (used by in, contains, union, distinct).</summary>
    public static bool Contains(IReadOnlyList<object> collection, object item)
    {
        foreach (var c in collection)
            if (ItemsEqual(c, item) == true) return true;
        return false;
    }

    /// <summary>The items without duplicates, first occurrence kept.</summary>
    public static List<object> Distinct(IEnumerable<object> items)
    {
        var result = new List<object>();
        foreach (var item in items)
            if (!Contains(result, item)) result.Add(item);
        return result;
    }
}
