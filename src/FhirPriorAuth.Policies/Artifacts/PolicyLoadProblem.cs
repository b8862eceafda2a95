namespace FhirPriorAuth.Policies.Artifacts;

/// <summary>One reason an artifact cannot be used; the server refuses to start while any exist.</summary>
/// <param name="File">The artifact's path relative to the root it was loaded from (or the full path when outside it).</param>
/// <param name="Expression">Where in the artifact: a FHIRPath-style location such as <c>PlanDefinition.action[1].action[3].condition[0]</c>.</param>
/// <param name="Message">What is wrong, in words an author can act on.</param>
public sealed record PolicyLoadProblem(string File, string Expression, string Message)
{
    public override string ToString() => $"{File}: {Expression}: {Message}";
}
