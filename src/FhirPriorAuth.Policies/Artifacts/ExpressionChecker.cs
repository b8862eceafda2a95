using FhirPriorAuth.Fhir.FhirPath;
using FhirPriorAuth.Fhir.FhirPath.Syntax;
using FhirPriorAuth.Policies.Decisions;
using FhirPriorAuth.Policies.Evidence;

namespace FhirPriorAuth.Policies.Artifacts;

/// <summary>
/// Compiles a policy expression and checks it against the fact catalog: every <c>%variable</c> is a fact, and every
/// string literal compared with a closed-set Code fact is one of its codes. Problems go to the caller's list.
/// </summary>
internal static class ExpressionChecker
{
    private static readonly HashSet<string> EngineVariables = new(StringComparer.Ordinal)
        { "ucum", "sct", "loinc", "context", "resource", "rootResource" };

    private static readonly HashSet<string> ComparisonOperators = new(StringComparer.Ordinal)
        { "=", "!=", "~", "!~", "contains", "in" };

    public static PolicyExpression? Check(string text, string file, string location, List<PolicyLoadProblem> problems)
    {
        if (!FhirPathCompiler.TryCompile(text, out var compiled, out var error))
        {
            problems.Add(new(file, location, $"FHIRPath '{text}' does not compile: {error!.Message}"));
            return null;
        }
        var defined = new HashSet<string>(StringComparer.Ordinal);
        Walk(compiled!.Syntax, n =>
        {
            if (n is FunctionCallNode { Name: "defineVariable", Arguments: [LiteralNode { Value: string name }, ..] })
                defined.Add(name);
        });
        var facts = new List<string>();
        var before = problems.Count;
        Walk(compiled.Syntax, node =>
        {
            switch (node)
            {
                case VariableNode v when FactCatalog.Find(v.Name) is not null:
                    if (!facts.Contains(v.Name)) facts.Add(v.Name);
                    break;
                case VariableNode v when !EngineVariables.Contains(v.Name) && !defined.Contains(v.Name)
                                         && !v.Name.StartsWith("vs-", StringComparison.Ordinal)
                                         && !v.Name.StartsWith("ext-", StringComparison.Ordinal):
                    problems.Add(new(file, location, $"%{v.Name} (position {v.Position}) is not a fact in the catalog"));
                    break;
                case BinaryNode b when ComparisonOperators.Contains(b.Operator):
                    CheckCodes(b.Left, b.Right, text, file, location, problems);
                    CheckCodes(b.Right, b.Left, text, file, location, problems);
                    break;
            }
        });
        if (problems.Count > before) return null;
        // A dry run with every fact empty catches runtime-only mistakes (a bare element name where a fact was meant).
        try
        {
            compiled.Evaluate((Fhir.Elements.ElementNode?)null, new EvaluationContext { Variables = FactVariables.AllEmpty });
        }
        catch (FhirPathEvaluationException e)
        {
            problems.Add(new(file, location, $"FHIRPath '{text}' fails with no facts documented: {e.Message}"));
            return null;
        }
        return new PolicyExpression(compiled, facts);
    }

    /// <summary>A fact on one side (<c>%sstrImaging</c>) and string literals on the other (<c>'positive'</c>, <c>('a' | 'b')</c>).</summary>
    private static void CheckCodes(SyntaxNode factSide, SyntaxNode literalSide, string text, string file, string location,
        List<PolicyLoadProblem> problems)
    {
        if (factSide is not VariableNode v || FactCatalog.Find(v.Name) is not { } fact || AllowedCodes(fact) is not { } allowed)
            return;
        foreach (var literal in StringLiterals(literalSide))
            if (!allowed.Contains(literal, StringComparer.Ordinal))
                problems.Add(new(file, location,
                    $"'{literal}' is not a code of %{v.Name} (allowed: {string.Join(", ", allowed)}) in '{text}'"));
    }

    /// <summary>The closed set of codes a fact takes: its catalog list, or the therapy agents for therapy facts.</summary>
    internal static IReadOnlyList<string>? AllowedCodes(FactDefinition fact) =>
        fact.Kind != FactKind.Code ? null
        : fact.AllowedCodes ?? (fact.Description.Contains("TherapyAgents", StringComparison.Ordinal) ? FactCatalog.TherapyAgents : null);

    private static IEnumerable<string> StringLiterals(SyntaxNode node) => node switch
    {
        LiteralNode { Value: string s } => [s],
        BinaryNode { Operator: "|" } u => StringLiterals(u.Left).Concat(StringLiterals(u.Right)),
        _ => [],
    };

    internal static void Walk(SyntaxNode node, Action<SyntaxNode> visit)
    {
        visit(node);
        switch (node)
        {
            case MemberNode m: Walk(m.Target, visit); break;
            case FunctionCallNode f:
                if (f.Target is not null) Walk(f.Target, visit);
                foreach (var a in f.Arguments) Walk(a, visit);
                break;
            case IndexerNode i: Walk(i.Target, visit); Walk(i.Index, visit); break;
            case BinaryNode b: Walk(b.Left, visit); Walk(b.Right, visit); break;
            case UnaryNode u: Walk(u.Operand, visit); break;
            case TypeOperatorNode t: Walk(t.Operand, visit); break;
        }
    }
}
