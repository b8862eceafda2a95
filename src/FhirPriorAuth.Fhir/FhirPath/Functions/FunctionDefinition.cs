namespace FhirPriorAuth.Fhir.FhirPath.Functions;

/// <summary>How a function receives an argument.</summary>
internal enum ArgumentKind
{
    /// <summary>Evaluated once, in the scope of the call, before the function runs.</summary>
    Value,
    /// <summary>Handed over unevaluated; the function evaluates it per input item (<c>where</c>, <c>select</c>, <c>iif</c>).</summary>
    Expression,
    /// <summary>A type name resolved at compile time (<c>ofType(Patient)</c>, <c>is(FHIR.string)</c>).</summary>
    Type,
    /// <summary>An expression argument whose leading minus means "descending" (<c>sort(-family)</c>), not negation.</summary>
    SortKey,
}

internal delegate IReadOnlyList<object> FunctionBody(Invocation call);

/// <summary>
/// One row of the function table: name, arity, argument kinds (the last kind repeats for extra arguments), and
/// whether an empty input yields empty without running the body (FHIRPath's usual empty propagation).
/// </summary>
internal sealed record FunctionDefinition(string Name, int MinArity, int MaxArity, ArgumentKind[] ArgumentKinds, bool PropagatesEmpty, FunctionBody Body)
{
    public ArgumentKind KindOf(int index) => ArgumentKinds.Length == 0 ? ArgumentKind.Value : ArgumentKinds[Math.Min(index, ArgumentKinds.Length - 1)];
}
