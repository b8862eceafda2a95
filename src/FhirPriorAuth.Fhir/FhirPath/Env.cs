using FhirPriorAuth.Fhir.Elements;

namespace FhirPriorAuth.Fhir.FhirPath;

/// <summary>Evaluates a compiled node in a scope.</summary>
internal delegate IReadOnlyList<object> Evaluator(Env env);

/// <summary>
/// The state of one evaluation (shared by every scope of it): context, resources, fixed clock.
/// </summary>
internal sealed class EvaluationRun(EvaluationContext context, IReadOnlyList<object> input, ElementNode? resource, ElementNode? rootResource)
{
    public EvaluationContext Context { get; } = context;
    public IReadOnlyList<object> Input { get; } = input;
    public ElementNode? Resource { get; } = resource;
    public ElementNode? RootResource { get; } = rootResource;
    private DateTimeOffset? _now;

    /// <summary>Variables made by <c>defineVariable()</c>; visible to the rest of the evaluation once defined.</summary>
    public Dictionary<string, IReadOnlyList<object>>? Defined { get; set; }
    /// <summary>now() is the same for the whole evaluation, as the spec requires.</summary>
    public DateTimeOffset Now => _now ??= Context.Now ?? DateTimeOffset.Now;
}

/// <summary>
/// A scope: the focus that paths and functions without an explicit target start from (<c>$this</c>), plus
/// <c>$index</c> and <c>$total</c> inside iterating functions. Function arguments are evaluated in the scope
/// of the call, not against the function's input.
/// </summary>
internal sealed class Env
{
    public EvaluationRun Run { get; }
    public IReadOnlyList<object> Focus { get; }
    public int Index { get; }
    public IReadOnlyList<object>? Total { get; }

    public Env(EvaluationRun run, IReadOnlyList<object> focus, int index = -1, IReadOnlyList<object>? total = null)
    {
        Run = run; Focus = focus; Index = index; Total = total;
    }

    /// <summary>A nested scope over one item of an iterating function.</summary>
    public Env Item(object item, int index, IReadOnlyList<object>? total = null) =>
        new(Run, [item], index, total ?? Total);
}
