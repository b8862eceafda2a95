using System.Diagnostics.CodeAnalysis;

namespace FhirPriorAuth.Fhir.FhirPath.Functions;

/// <summary>The function table the compiler looks names up in; each area registers its own rows.</summary>
internal static class FunctionLibrary
{
    private static readonly Dictionary<string, FunctionDefinition> Table = Build();

    public static bool TryGet(string name, [NotNullWhen(true)] out FunctionDefinition? definition) => Table.TryGetValue(name, out definition);

    public static IEnumerable<string> Names => Table.Keys;

    private static Dictionary<string, FunctionDefinition> Build()
    {
        var table = new Dictionary<string, FunctionDefinition>(StringComparer.Ordinal);
        var registry = new Registry(table);
        CollectionFunctions.Register(registry);
        FilteringFunctions.Register(registry);
        StringFunctions.Register(registry);
        MathFunctions.Register(registry);
        ConversionFunctions.Register(registry);
        DateTimeFunctions.Register(registry);
        TypeFunctions.Register(registry);
        UtilityFunctions.Register(registry);
        BoundaryFunctions.Register(registry);
        return table;
    }
}

/// <summary>Helpers for registering rows concisely.</summary>
internal sealed class Registry(Dictionary<string, FunctionDefinition> table)
{
    private static readonly ArgumentKind[] Values = [ArgumentKind.Value];

    /// <summary>A function whose arguments are all values; empty input gives empty.</summary>
    public void Add(string name, int min, int max, FunctionBody body, bool propagatesEmpty = true) =>
        table[name] = new FunctionDefinition(name, min, max, Values, propagatesEmpty, body);

    /// <summary>A function with explicit argument kinds.</summary>
    public void Add(string name, int min, int max, ArgumentKind[] kinds, FunctionBody body, bool propagatesEmpty) =>
        table[name] = new FunctionDefinition(name, min, max, kinds, propagatesEmpty, body);
}
