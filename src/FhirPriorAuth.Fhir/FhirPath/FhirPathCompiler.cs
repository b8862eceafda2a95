using System.Collections.Concurrent;
using FhirPriorAuth.Fhir.FhirPath.Syntax;

namespace FhirPriorAuth.Fhir.FhirPath;

/// <summary>
/// Entry point: parses and compiles FHIRPath text. Compiled expressions are cached by text in a bounded cache,
/// because rule sets evaluate the same few hundred expressions over and over.
/// </summary>
public static class FhirPathCompiler
{
    /// <summary>How many distinct expressions are kept; when exceeded the cache is emptied (cheap, and rule sets are small).</summary>
    public const int CacheCapacity = 2048;

    private static readonly ConcurrentDictionary<string, CompiledExpression> Cache = new(StringComparer.Ordinal);

    /// <summary>Parses text into a syntax tree. Throws <see cref="FhirPathCompileException"/> with a code and position.</summary>
    public static SyntaxNode Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        return Parser.Parse(expression);
    }

    /// <summary>Compiles (or fetches from the cache) an expression. Throws <see cref="FhirPathCompileException"/>.</summary>
    public static CompiledExpression Compile(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (Cache.TryGetValue(expression, out var cached)) return cached;
        var compiled = CompileUncached(expression);
        if (Cache.Count >= CacheCapacity) Cache.Clear();
        Cache.TryAdd(expression, compiled);
        return compiled;
    }

    /// <summary>Compiles without touching the cache (for measuring compile cost, and for one-off expressions).</summary>
    public static CompiledExpression CompileUncached(string expression)
    {
        var syntax = Parse(expression);
        return new CompiledExpression(expression, syntax, Compiler.Compile(syntax));
    }

    /// <summary>Compiles, returning the error instead of throwing.</summary>
    public static bool TryCompile(string expression, out CompiledExpression? compiled, out FhirPathCompileException? error)
    {
        try
        {
            compiled = Compile(expression);
            error = null;
            return true;
        }
        catch (FhirPathCompileException e)
        {
            compiled = null;
            error = e;
            return false;
        }
    }
}
