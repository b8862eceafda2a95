using FhirPriorAuth.Fhir.Elements;
using FhirPriorAuth.Fhir.FhirPath.Operators;
using FhirPriorAuth.Fhir.FhirPath.Values;

namespace FhirPriorAuth.Fhir.FhirPath.Functions;

/// <summary>Filtering and projection (spec 5.2), tree navigation, aggregate and sort.</summary>
internal static class FilteringFunctions
{
    private static readonly ArgumentKind[] Lambda = [ArgumentKind.Expression];

    public static void Register(Registry r)
    {
        r.Add("where", 1, 1, Lambda, c =>
        {
            var result = new List<object>();
            for (var i = 0; i < c.Input.Count; i++)
                if (Logic.ToBoolean(c.ForItem(0, c.Input[i], i), "where()") == true) result.Add(c.Input[i]);
            return result;
        }, propagatesEmpty: true);
        r.Add("select", 1, 1, Lambda, c =>
        {
            var result = new List<object>();
            for (var i = 0; i < c.Input.Count; i++) result.AddRange(c.ForItem(0, c.Input[i], i));
            return result;
        }, propagatesEmpty: true);
        r.Add("repeat", 1, 1, Lambda, c =>
        {
            // Breadth-first until nothing new turns up; equal items are kept once so cycles end.
            var result = new List<object>();
            var queue = new Queue<object>(c.Input);
            while (queue.Count > 0)
            {
                var item = queue.Dequeue();
                foreach (var next in c.ForItem(0, item, 0))
                {
                    if (next is ElementNode ? result.Contains(next) : Equality.Contains(result, next)) continue;
                    result.Add(next);
                    queue.Enqueue(next);
                }
            }
            return result;
        }, propagatesEmpty: true);
        r.Add("ofType", 1, 1, [ArgumentKind.Type], c =>
        {
            var type = c.TypeName(0);
            return c.Input.Where(i => ItemValues.IsOfType(i, type, exactForPrimitives: true)).ToList();
        }, propagatesEmpty: true);
        r.Add("children", 0, 0, c => c.Input.OfType<ElementNode>().SelectMany(n => n.Children()).Cast<object>().ToList());
        r.Add("descendants", 0, 0, c =>
        {
            var result = new List<object>();
            foreach (var node in c.Input.OfType<ElementNode>()) AddDescendants(node, result);
            return result;
        });
        r.Add("aggregate", 1, 2, [ArgumentKind.Expression, ArgumentKind.Value], c =>
        {
            var total = c.ArgumentCount > 1 ? c.Argument(1) : Invocation.Empty;
            for (var i = 0; i < c.Input.Count; i++) total = c.ForItem(0, c.Input[i], i, total);
            return total;
        }, propagatesEmpty: false);
        r.Add("sort", 0, int.MaxValue, [ArgumentKind.SortKey], Sort, propagatesEmpty: true);
    }

    private static void AddDescendants(ElementNode node, List<object> result)
    {
        foreach (var child in node.Children())
        {
            result.Add(child);
            AddDescendants(child, result);
        }
    }

    /// <summary>
    /// <c>sort()</c> orders by the items themselves; <c>sort(key, ...)</c> by keys, where a key written with a leading
    /// minus (<c>-family</c>) sorts descending (FHIRPath 2.1). Empty keys sort first.
    /// </summary>
    private static IReadOnlyList<object> Sort(Invocation c)
    {
        var items = c.Input.Select((item, index) => (item, index)).ToList();
        var keys = new List<IReadOnlyList<object>[]>();
        foreach (var (item, index) in items)
        {
            var row = new IReadOnlyList<object>[Math.Max(c.ArgumentCount, 1)];
            if (c.ArgumentCount == 0) row[0] = [item];
            for (var k = 0; k < c.ArgumentCount; k++) row[k] = c.ForItem(k, item, index);
            keys.Add(row);
        }
        var order = Enumerable.Range(0, items.Count).ToList();
        order.Sort((x, y) =>
        {
            for (var k = 0; k < keys[x].Length; k++)
            {
                var a = keys[x][k];
                var b = keys[y][k];
                // Items without a key come first whichever the direction.
                if (a.Count == 0 || b.Count == 0)
                {
                    if (a.Count != b.Count) return a.Count.CompareTo(b.Count);
                    continue;
                }
                var cmp = Numbers.Compare(a[0], b[0]) ?? 0;
                if (cmp != 0) return k < c.ArgumentCount && c.IsDescending(k) ? -cmp : cmp;
            }
            return x.CompareTo(y);
        });
        return order.Select(i => items[i].item).ToList();
    }
}
