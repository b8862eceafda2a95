using FhirPriorAuth.Fhir.Elements;

namespace FhirPriorAuth.Fhir.FhirPath;

/// <summary>
/// What an evaluation may see besides its input: the resources behind <c>%resource</c>/<c>%rootResource</c>,
/// caller-supplied variables (<c>%name</c>), a sink for <c>trace()</c>, and the clock behind <c>now()</c>/<c>today()</c>.
/// </summary>
public sealed class EvaluationContext
{
    /// <summary><c>%resource</c>: the resource that holds the input. Defaults to the input's enclosing resource.</summary>
    public ElementNode? Resource { get; init; }

    /// <summary><c>%rootResource</c>: the outermost container (a Bundle, or the resource holding a contained one). Defaults to <see cref="Resource"/>.</summary>
    public ElementNode? RootResource { get; init; }

    /// <summary>Variables reachable as <c>%name</c>. Values may be single items or collections (any <see cref="System.Collections.IEnumerable"/> other than string).</summary>
    public IReadOnlyDictionary<string, object?> Variables { get; init; } = new Dictionary<string, object?>();

    /// <summary>Receives <c>trace(name)</c> output; by default traces are dropped.</summary>
    public Action<string, IReadOnlyList<object>>? Tracer { get; init; }

    /// <summary>The instant <c>now()</c>, <c>today()</c> and <c>timeOfDay()</c> report; fixed per evaluation, defaults to the system clock.</summary>
    public DateTimeOffset? Now { get; init; }

    /// <summary>Resolves references that are not found in the enclosing Bundle or contained resources (e.g. from a store); may be null.</summary>
    public Func<string, ElementNode?>? ReferenceResolver { get; init; }

    public static EvaluationContext Default { get; } = new();
}
