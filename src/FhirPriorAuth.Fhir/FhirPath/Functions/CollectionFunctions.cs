using FhirPriorAuth.Fhir.FhirPath.Operators;
using FhirPriorAuth.Fhir.FhirPath.Values;

namespace FhirPriorAuth.Fhir.FhirPath.Functions;

/// <summary>Existence, subsetting and combining (spec sections 5.1, 5.3, 5.4).</summary>
internal static class CollectionFunctions
{
    private static readonly IReadOnlyList<object> Empty = [];

    public static void Register(Registry r)
    {
        r.Add("empty", 0, 0, c => [c.Input.Count == 0], propagatesEmpty: false);
        r.Add("exists", 0, 1, [ArgumentKind.Expression], c =>
        {
            if (c.ArgumentCount == 0) return [c.Input.Count > 0];
            for (var i = 0; i < c.Input.Count; i++)
                if (Logic.ToBoolean(c.ForItem(0, c.Input[i], i), "exists()") == true) return [true];
            return [false];
        }, propagatesEmpty: false);
        r.Add("all", 1, 1, [ArgumentKind.Expression], c =>
        {
            for (var i = 0; i < c.Input.Count; i++)
                if (Logic.ToBoolean(c.ForItem(0, c.Input[i], i), "all()") != true) return [false];
            return [true];
        }, propagatesEmpty: false);
        r.Add("allTrue", 0, 0, c => [c.Input.All(i => BooleanItem(c, i) == true)], propagatesEmpty: false);
        r.Add("anyTrue", 0, 0, c => [c.Input.Any(i => BooleanItem(c, i) == true)], propagatesEmpty: false);
        r.Add("allFalse", 0, 0, c => [c.Input.All(i => BooleanItem(c, i) == false)], propagatesEmpty: false);
        r.Add("anyFalse", 0, 0, c => [c.Input.Any(i => BooleanItem(c, i) == false)], propagatesEmpty: false);
        r.Add("subsetOf", 1, 1, c => { var other = c.Argument(0); return [c.Input.All(i => Equality.Contains(other, i))]; }, propagatesEmpty: false);
        r.Add("supersetOf", 1, 1, c => { var other = c.Argument(0); return [other.All(i => Equality.Contains(c.Input, i))]; }, propagatesEmpty: false);
        r.Add("count", 0, 0, c => [c.Input.Count], propagatesEmpty: false);
        r.Add("distinct", 0, 0, c => Equality.Distinct(c.Input));
        r.Add("isDistinct", 0, 0, c => [Equality.Distinct(c.Input).Count == c.Input.Count], propagatesEmpty: false);

        r.Add("single", 0, 0, c => c.Input.Count == 1 ? c.Input : throw c.Error($"the input has {c.Input.Count} items"));
        r.Add("first", 0, 0, c => [c.Input[0]]);
        r.Add("last", 0, 0, c => [c.Input[^1]]);
        r.Add("tail", 0, 0, c => c.Input.Skip(1).ToList());
        r.Add("skip", 1, 1, c =>
        {
            var n = c.IntegerArgument(0) ?? throw c.Error("needs a number");
            return n <= 0 ? c.Input : c.Input.Skip(n).ToList();
        });
        r.Add("take", 1, 1, c =>
        {
            var n = c.IntegerArgument(0) ?? throw c.Error("needs a number");
            return n <= 0 ? Empty : c.Input.Take(n).ToList();
        });
        r.Add("intersect", 1, 1, c =>
        {
            var other = c.Argument(0);
            return Equality.Distinct(c.Input.Where(i => Equality.Contains(other, i)));
        });
        r.Add("exclude", 1, 1, c =>
        {
            var other = c.Argument(0);
            return c.Input.Where(i => !Equality.Contains(other, i)).ToList();
        });
        r.Add("union", 1, 1, c => Equality.Distinct(c.Input.Concat(c.Argument(0))), propagatesEmpty: false);
        r.Add("combine", 1, 1, c => c.Input.Concat(c.Argument(0)).ToList(), propagatesEmpty: false);
    }

    private static bool? BooleanItem(Invocation c, object item) => ItemValues.ToSystemValue(item) switch
    {
        bool b => b,
        _ => throw c.Error("every item must be a boolean"),
    };
}
