using FhirPriorAuth.Fhir.FhirPath;
using FhirPriorAuth.Fhir.FhirPath.Values;
using FhirPriorAuth.Policies.Decisions;

namespace FhirPriorAuth.Policies.Artifacts;

/// <summary>
/// Finds criterion and pathway conditions that, as written, turn an undocumented fact into <c>false</c> (Not met).
/// The engine reads those as unknown at run time (<see cref="AbsenceProbe"/>), so they pend rather than deny; the
/// warning asks the author to make that explicit, or to allow-list the fact with <c>pa-absent-means-not-met</c> and a
/// reason when the policy text really means "not documented = not met".
/// </summary>
internal static class AbsenceLint
{
    private const int MaxScenarios = 256;

    /// <summary>An allow-list reason starting so is a placeholder, still reported: the reading is not yet reviewed.</summary>
    public const string UnreviewedMark = "Unreviewed:";
    private static readonly PartialDateTime Anchor = new(TemporalKind.Date, DateTimePrecision.Day, 2026, 1, 1);

    public static void Check(LoadedPolicy policy, List<PolicyLoadProblem> warnings)
    {
        for (var i = 0; i < policy.Actions.Count; i++) Check(policy, policy.Actions[i], $"PlanDefinition.action[{i}]", warnings);
    }

    private static void Check(LoadedPolicy policy, PolicyAction action, string path, List<PolicyLoadProblem> warnings)
    {
        foreach (var (fact, reason) in action.AbsentMeansNotMet)
            if (reason.StartsWith(UnreviewedMark, StringComparison.Ordinal))
                warnings.Add(new(policy.File, path + ".extension('pa-absent-means-not-met')",
                    $"'{action.Id}': %{fact} is allow-listed without a clinical reading (\"{UnreviewedMark}\"): an undocumented %{fact} still reads as Not met here"));
        if (action.Condition is { } condition && action.Role is ActionRole.Criterion or ActionRole.Pathway)
            foreach (var fact in condition.Facts)
            {
                if (action.AbsentMeansNotMet.ContainsKey(fact)) continue;
                if (Example(condition, fact) is { } example)
                    warnings.Add(new(policy.File, path + ".condition[0].expression",
                        $"'{action.Id}': an undocumented %{fact} makes this condition false{example} although documenting it could meet it; " +
                        "the engine reads that as unknown (pend). Write the absence explicitly (iif(%" + fact + ".exists(), …, {})) " +
                        "or, when the policy text means 'not documented = not met', allow-list it with pa-absent-means-not-met and a reason"));
            }
        for (var i = 0; i < action.Children.Count; i++) Check(policy, action.Children[i], $"{path}.action[{i}]", warnings);
    }

    /// <summary>A situation (" when %x = …") in which the fact's absence alone makes the condition false, or null.</summary>
    internal static string? Example(PolicyExpression condition, string fact)
    {
        var others = condition.Facts.Where(f => f != fact).ToList();
        var variables = new Dictionary<string, object?>(FactVariables.AllEmpty, StringComparer.Ordinal) { ["serviceDate"] = Anchor };
        var context = new EvaluationContext { Variables = variables, Now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) };
        foreach (var scenario in Scenarios(condition, others))
        {
            foreach (var f in others) variables[f] = null;
            foreach (var (f, v) in scenario) variables[f] = v;
            variables[fact] = null;
            if (!IsFalse(condition, context)) continue;
            if (AbsenceProbe.CouldHold(condition, [fact], variables, context.Now))
                return scenario.Count == 0 ? "" : " when " + string.Join(", ", scenario.Select(s => $"%{s.Key} = {Show(s.Value)}"));
        }
        return null;
    }

    private static IEnumerable<IReadOnlyList<KeyValuePair<string, object?>>> Scenarios(PolicyExpression condition, List<string> others)
    {
        yield return [];
        var candidates = others.Select(f => AbsenceProbe.Candidates(condition, f, Anchor)).ToList();
        for (var i = 0; i < others.Count; i++)
            foreach (var v in candidates[i])
                yield return [new(others[i], v)];
        long product = 1;
        foreach (var c in candidates) product = Math.Min(MaxScenarios + 1, product * (c.Length + 1));
        if (others.Count < 2) yield break;
        if (product > MaxScenarios)
        {
            // Too many for every combination: each pair of other facts documented together.
            for (var i = 0; i < others.Count; i++)
                for (var j = i + 1; j < others.Count; j++)
                    foreach (var a in candidates[i])
                        foreach (var b in candidates[j])
                            yield return [new(others[i], a), new(others[j], b)];
            yield break;
        }
        var index = new int[others.Count];
        Array.Fill(index, -1);
        while (Advance(index, candidates))
        {
            var scenario = new List<KeyValuePair<string, object?>>();
            for (var i = 0; i < index.Length; i++)
                if (index[i] >= 0) scenario.Add(new(others[i], candidates[i][index[i]]));
            yield return scenario;
        }
    }

    private static bool Advance(int[] index, List<object?[]> candidates)
    {
        for (var i = 0; i < index.Length; i++)
        {
            if (index[i] + 1 < candidates[i].Length) { index[i]++; return true; }
            index[i] = -1;
        }
        return false;
    }

    private static bool IsFalse(PolicyExpression condition, EvaluationContext context)
    {
        try
        {
            return condition.Compiled.Evaluate((Fhir.Elements.ElementNode?)null, context) is [false];
        }
        catch (FhirPathEvaluationException)
        {
            return false;
        }
    }

    private static string Show(object? value) => value switch
    {
        List<object> list => "[" + string.Join(", ", list.Select(v => Show(v))) + "]",
        string s => $"'{s}'",
        bool b => b ? "true" : "false",
        null => "{}",
        _ => value.ToString() ?? "",
    };
}
