using FhirPriorAuth.Fhir.Elements;
using FhirPriorAuth.Fhir.FhirPath.Operators;
using FhirPriorAuth.Fhir.FhirPath.Syntax;

namespace FhirPriorAuth.Fhir.FhirPath;

/// <summary>
/// A compiled, thread-safe FHIRPath expression. Results are collections whose items are <see cref="ElementNode"/>s
/// or system values (bool, string, int, long, decimal, <see cref="Values.PartialDateTime"/>, <see cref="Values.Quantity"/>).
/// </summary>
public sealed class CompiledExpression
{
    private readonly Evaluator _evaluator;

    internal CompiledExpression(string expression, SyntaxNode syntax, Evaluator evaluator)
    {
        Expression = expression;
        Syntax = syntax;
        _evaluator = evaluator;
    }

    /// <summary>The source text.</summary>
    public string Expression { get; }

    /// <summary>The immutable syntax tree it was compiled from.</summary>
    public SyntaxNode Syntax { get; }

    /// <summary>Evaluates against one element (usually a resource root), or against nothing when <paramref name="focus"/> is null.</summary>
    public IReadOnlyList<object> Evaluate(ElementNode? focus, EvaluationContext? context = null) =>
        Evaluate(focus is null ? [] : [focus], context);

    /// <summary>Evaluates against a collection (items may be elements or system values).</summary>
    public IReadOnlyList<object> Evaluate(IReadOnlyList<object> input, EvaluationContext? context = null)
    {
        context ??= EvaluationContext.Default;
        var first = input.Count > 0 ? input[0] as ElementNode : null;
        var resource = context.Resource ?? (first is null ? null : References.EnclosingResource(first));
        var root = context.RootResource ?? (first is null ? resource : References.Root(first) is { IsResource: true } r ? r : resource);
        var run = new EvaluationRun(context, input, resource, root);
        try
        {
            return _evaluator(new Env(run, input));
        }
        catch (Exception e) when (e is InvalidCastException or OverflowException or ArgumentException or FormatException
                                      or System.Text.RegularExpressions.RegexMatchTimeoutException or InvalidOperationException)
        {
            // Library exceptions mean the data did not fit the operation; callers get one exception type for that.
            throw new FhirPathEvaluationException($"evaluating '{Expression}' failed: {e.Message}");
        }
    }

    /// <summary>
    /// Evaluates as a rule condition: true only for a single <c>true</c>; false for <c>false</c> or an empty result;
    /// a single non-Boolean item counts as true (FHIRPath singleton evaluation). Several items are an error.
    /// </summary>
    public bool IsTrue(ElementNode? focus, EvaluationContext? context = null) =>
        Logic.ToBoolean(Evaluate(focus, context), "the expression") == true;
}
