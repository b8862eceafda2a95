using FhirPriorAuth.Fhir.FhirPath;
using FhirPriorAuth.Fhir.FhirPath.Syntax;
using FhirPriorAuth.Fhir.FhirPath.Values;
using FhirPriorAuth.Policies.Artifacts;
using FhirPriorAuth.Policies.Evidence;

namespace FhirPriorAuth.Policies.Decisions;

/// <summary>
/// The three-valued rule (docs/policy-format.md, "Absent facts"): a criterion or pathway condition that yields
/// <c>false</c> while a fact it reads is undocumented is Not met only when no documentation of those facts could make
/// it anything but false. FHIRPath's <c>exists()</c>, <c>empty()</c>, <c>count()</c>, <c>not()</c>, <c>contains</c>,
/// <c>iif</c> defaults and unions turn an empty variable into <c>false</c>; this probe finds out whether that happened
/// by evaluating the condition again with each undocumented fact set to values it could take: Booleans both ways,
/// the fact's closed code set (or the string literals of the condition for open code systems such as ICD-10-CM),
/// the numeric literals of the condition and their neighbours, dates around the date of service.
/// </summary>
public static class AbsenceProbe
{
    /// <summary>Combinations tried at most per condition; beyond it each fact is varied on its own, then all together.</summary>
    private const int MaxCombinations = 1024;

    private static readonly int[] DayOffsets = [0, 1, 7, 14, 21, 27, 28, 29, 30, 31, 56, 60, 90, 91, 180, 182, 183, 365, 366, 730, 1825, 3650];

    /// <summary>The facts <paramref name="expression"/> reads that are undocumented (empty) and not allow-listed.</summary>
    public static List<string>? Undocumented(PolicyExpression expression, IReadOnlyDictionary<string, object?> variables,
        IReadOnlyDictionary<string, string>? absentMeansNotMet)
    {
        List<string>? absent = null;
        foreach (var fact in expression.Facts)
        {
            if (absentMeansNotMet?.ContainsKey(fact) == true) continue;
            if (IsEmpty(variables.GetValueOrDefault(fact))) (absent ??= []).Add(fact);
        }
        return absent;
    }

    internal static bool IsEmpty(object? value) => value is null || value is System.Collections.ICollection { Count: 0 };

    /// <summary>
    /// True when documenting the <paramref name="absent"/> facts could make <paramref name="expression"/> yield anything
    /// other than <c>false</c> (true, or still unknown): its <c>false</c> then came from the missing documentation.
    /// </summary>
    public static bool CouldHold(PolicyExpression expression, IReadOnlyList<string> absent,
        IReadOnlyDictionary<string, object?> variables, DateTimeOffset? now) =>
        Witness(expression, absent, variables, now) is not null;

    /// <summary>Values for the <paramref name="absent"/> facts under which the condition is not false, or null.</summary>
    public static IReadOnlyDictionary<string, object?>? Witness(PolicyExpression expression, IReadOnlyList<string> absent,
        IReadOnlyDictionary<string, object?> variables, DateTimeOffset? now)
    {
        var serviceDate = variables.GetValueOrDefault("serviceDate") as PartialDateTime;
        var candidates = new object?[absent.Count][];
        long combinations = 1;
        for (var i = 0; i < absent.Count; i++)
        {
            candidates[i] = Candidates(expression, absent[i], serviceDate);
            combinations = Math.Min(long.MaxValue / 64, combinations * (candidates[i].Length + 1));
        }
        var probe = new Dictionary<string, object?>(variables, StringComparer.Ordinal);
        var context = new EvaluationContext { Variables = probe, Now = now };

        if (combinations <= MaxCombinations)
        {
            // Every combination, each fact also left undocumented (index -1).
            var index = new int[absent.Count];
            Array.Fill(index, -1);
            while (Next(index, candidates))
            {
                for (var i = 0; i < absent.Count; i++) probe[absent[i]] = index[i] < 0 ? null : candidates[i][index[i]];
                if (NotFalse(expression, context)) return Snapshot(absent, probe);
            }
            return null;
        }
        for (var i = 0; i < absent.Count; i++)
        {
            foreach (var f in absent) probe[f] = null;
            foreach (var value in candidates[i])
            {
                probe[absent[i]] = value;
                if (NotFalse(expression, context)) return Snapshot(absent, probe);
            }
        }
        var longest = candidates.Max(c => c.Length);
        for (var k = 0; k < longest; k++)
        {
            for (var i = 0; i < absent.Count; i++) probe[absent[i]] = candidates[i].Length == 0 ? null : candidates[i][k % candidates[i].Length];
            if (NotFalse(expression, context)) return Snapshot(absent, probe);
        }
        return null;
    }

    private static Dictionary<string, object?> Snapshot(IReadOnlyList<string> absent, Dictionary<string, object?> probe) =>
        absent.ToDictionary(f => f, f => probe[f], StringComparer.Ordinal);

    /// <summary>Odometer over the candidate indexes, -1 meaning "undocumented"; false once every combination was visited.</summary>
    private static bool Next(int[] index, object?[][] candidates)
    {
        for (var i = 0; i < index.Length; i++)
        {
            if (index[i] + 1 < candidates[i].Length) { index[i]++; return true; }
            index[i] = -1;
        }
        return false;
    }

    private static bool NotFalse(PolicyExpression expression, EvaluationContext context)
    {
        try
        {
            return expression.Compiled.Evaluate((Fhir.Elements.ElementNode?)null, context) is not [false];
        }
        catch (FhirPathEvaluationException)
        {
            return false;
        }
    }

    /// <summary>Values the fact could take that matter to this condition (a repeating fact: each alone, and all together).</summary>
    internal static object?[] Candidates(PolicyExpression expression, string fact, PartialDateTime? serviceDate)
    {
        if (FactCatalog.Find(fact) is not { } definition) return [];
        var literals = expression.Literals;
        List<object> values = [];
        switch (definition.Kind)
        {
            case FactKind.Boolean:
                values.AddRange([true, false]);
                break;
            case FactKind.Code:
                var codes = ExpressionChecker.AllowedCodes(definition) ?? literals.OfType<string>().ToList();
                values.AddRange(codes);
                break;
            case FactKind.Integer:
                values.Add(0);
                foreach (var n in literals.Select(Number).OfType<decimal>())
                    foreach (var v in new[] { decimal.Floor(n) - 1, decimal.Floor(n), decimal.Ceiling(n), decimal.Ceiling(n) + 1 })
                        if (v is >= int.MinValue and <= int.MaxValue && !values.Contains((int)v)) values.Add((int)v);
                break;
            case FactKind.Decimal:
                values.Add(0m);
                foreach (var n in literals.Select(Number).OfType<decimal>())
                    foreach (var v in new[] { n - 0.1m, n, n + 0.1m })
                        if (!values.Contains(v)) values.Add(v);
                break;
            case FactKind.Date:
                var anchor = serviceDate is { } s ? new DateOnly(s.Year, s.Month, Math.Max(1, s.Day)) : new DateOnly(2026, 1, 1);
                foreach (var offset in DayOffsets)
                    foreach (var d in new[] { anchor.AddDays(-offset), anchor.AddDays(offset) })
                    {
                        var date = new PartialDateTime(TemporalKind.Date, DateTimePrecision.Day, d.Year, d.Month, d.Day);
                        if (!values.Contains(date)) values.Add(date);
                    }
                values.AddRange(literals.OfType<PartialDateTime>());
                break;
        }
        if (!definition.Repeating) return values.Cast<object?>().ToArray();
        var result = values.Select(v => (object?)new List<object> { v }).ToList();
        if (values.Count > 1) result.Add(values);
        return result.ToArray();
    }

    private static decimal? Number(object literal) => literal switch
    {
        int i => i,
        long l => l,
        decimal d => d,
        Quantity q => q.Value,
        _ => null,
    };

    /// <summary>Every literal of a syntax tree (strings, numbers, quantities, dates).</summary>
    internal static IReadOnlyList<object> LiteralsOf(SyntaxNode syntax)
    {
        var literals = new List<object>();
        ExpressionChecker.Walk(syntax, n =>
        {
            if (n is LiteralNode { Value: not bool } l && !literals.Contains(l.Value)) literals.Add(l.Value);
        });
        return literals;
    }
}
