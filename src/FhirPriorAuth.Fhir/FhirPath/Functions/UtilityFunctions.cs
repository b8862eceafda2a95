using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Elements;
using FhirPriorAuth.Fhir.FhirPath.Operators;
using FhirPriorAuth.Fhir.FhirPath.Values;

namespace FhirPriorAuth.Fhir.FhirPath.Functions;

/// <summary>iif, not, trace, variables and the FHIR-specific helpers (extension, hasValue, resolve, comparable).</summary>
internal static class UtilityFunctions
{
    private static readonly IReadOnlyList<object> Empty = [];

    public static void Register(Registry r)
    {
        r.Add("iif", 2, 3, [ArgumentKind.Expression], c =>
        {
            // iif may be called on a collection only when it holds at most one item; $this inside it is that item.
            if (c.Input.Count > 1) throw c.Error("the input must hold at most one item");
            var scope = c.Input.Count == 1 && c.Input != c.Env.Focus ? c.Input : c.Env.Focus;
            var criterion = Logic.ToBoolean(c.InScope(0, scope), "iif() criterion");
            if (criterion == true) return c.InScope(1, scope);
            return c.ArgumentCount > 2 ? c.InScope(2, scope) : Empty;
        }, propagatesEmpty: false);
        r.Add("not", 0, 0, c => Logic.ToBoolean(c.Input, "not()") is { } b ? [!b] : Empty);
        r.Add("trace", 1, 2, [ArgumentKind.Value, ArgumentKind.Expression], c =>
        {
            var name = c.StringArgument(0) ?? "";
            if (c.Env.Run.Context.Tracer is { } tracer)
            {
                var shown = c.ArgumentCount > 1 ? c.Input.SelectMany((item, i) => c.ForItem(1, item, i)).ToList() : c.Input;
                tracer(name, shown);
            }
            return c.Input;
        }, propagatesEmpty: false);
        r.Add("defineVariable", 1, 2, [ArgumentKind.Value, ArgumentKind.Expression], c =>
        {
            var name = c.StringArgument(0) ?? throw c.Error("needs a variable name");
            var run = c.Env.Run;
            run.Defined ??= new Dictionary<string, IReadOnlyList<object>>(StringComparer.Ordinal);
            // Redefining a name (including the environment's own) would make rules ambiguous, so it is an error.
            if (run.Defined.ContainsKey(name) || run.Context.Variables.ContainsKey(name) || name is "context" or "resource" or "rootResource")
                throw c.Error($"%{name} is already defined");
            run.Defined[name] = c.ArgumentCount > 1 ? c.OverInput(1) : c.Input;
            return c.Input;
        }, propagatesEmpty: false);
        r.Add("hasValue", 0, 0, c => [c.Input.Count == 1 && c.Input[0] is ElementNode { Json: JsonValue }], propagatesEmpty: false);
        r.Add("getValue", 0, 0, c => c.Input.Count == 1 && c.Input[0] is ElementNode { Json: JsonValue } n && ItemValues.ToSystemValue(n) is { } v ? [v] : Empty);
        r.Add("extension", 1, 1, c =>
        {
            var url = c.StringArgument(0);
            if (url is null) return Empty;
            var result = new List<object>();
            foreach (var node in c.Input.OfType<ElementNode>())
                foreach (var ext in node.Children("extension"))
                    if (ext.Children("url").FirstOrDefault() is { } u && ItemValues.ToSystemValue(u) as string == url) result.Add(ext);
            return result;
        });
        r.Add("resolve", 0, 0, c => c.Input.Select(i => References.Resolve(i, c.Env.Run)).Where(n => n is not null).Cast<object>().ToList());
        r.Add("comparable", 1, 1, c =>
        {
            var other = c.SingleArgument(0);
            if (ItemValues.ToOperand(c.SingleInput()!) is not Quantity q || other is not Quantity o) return Empty;
            return [q.IsComparableTo(o)];
        });
    }
}
