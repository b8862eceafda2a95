using FhirPriorAuth.Fhir.FhirPath.Values;

namespace FhirPriorAuth.Fhir.FhirPath.Functions;

/// <summary>One call of a function: its input collection, its scope and its (compiled) arguments.</summary>
internal sealed class Invocation(string name, IReadOnlyList<object> input, Env env, Evaluator?[] arguments, string?[] typeNames)
{
    public static readonly IReadOnlyList<object> Empty = [];

    public string Name { get; } = name;
    public IReadOnlyList<object> Input { get; } = input;
    public Env Env { get; } = env;
    public int ArgumentCount => arguments.Length;

    /// <summary>A value argument, evaluated in the caller's scope.</summary>
    public IReadOnlyList<object> Argument(int i) => arguments[i]!(Env);

    /// <summary>An expression argument evaluated with one input item as <c>$this</c>.</summary>
    public IReadOnlyList<object> ForItem(int i, object item, int index, IReadOnlyList<object>? total = null) =>
        arguments[i]!(Env.Item(item, index, total));

    /// <summary>An expression argument evaluated in the caller's scope (iif branches).</summary>
    public IReadOnlyList<object> InScope(int i, IReadOnlyList<object> focus) => arguments[i]!(new Env(Env.Run, focus, Env.Index, Env.Total));

    /// <summary>An expression argument evaluated with the whole input as its focus (<c>defineVariable</c>).</summary>
    public IReadOnlyList<object> OverInput(int i) => arguments[i]!(new Env(Env.Run, Input, Env.Index, Env.Total));

    public string TypeName(int i) => typeNames[i]!;

    /// <summary>Marks a sort key written with a leading minus.</summary>
    internal const string Descending = "-";

    public bool IsDescending(int i) => typeNames[i] == Descending;

    public FhirPathEvaluationException Error(string message) => new($"{Name}(): {message}");

    /// <summary>The input as one item (null when empty); several items are an error.</summary>
    public object? SingleInput()
    {
        if (Input.Count == 0) return null;
        if (Input.Count > 1) throw Error($"expects a single item but the input has {Input.Count}");
        return Input[0];
    }

    /// <summary>The input as one string; a non-string item is an error.</summary>
    public string? InputString()
    {
        var item = SingleInput();
        if (item is null) return null;
        return ItemValues.ToSystemValue(item) as string ?? throw Error($"expects a string but got {Operators.Numbers.Describe(ItemValues.ToOperand(item) ?? item)}");
    }

    /// <summary>A value argument as one system value, null when it is empty.</summary>
    public object? SingleArgument(int i)
    {
        var c = Argument(i);
        if (c.Count == 0) return null;
        if (c.Count > 1) throw Error($"argument {i + 1} must be a single item");
        return ItemValues.ToSystemValue(c[0]);
    }

    public string? StringArgument(int i) => SingleArgument(i) switch
    {
        null => null,
        string s => s,
        var other => throw Error($"argument {i + 1} must be a string, got {Operators.Numbers.Describe(other)}"),
    };

    public int? IntegerArgument(int i) => SingleArgument(i) switch
    {
        null => null,
        int n => n,
        long l when l is >= int.MinValue and <= int.MaxValue => (int)l,
        var other => throw Error($"argument {i + 1} must be an integer, got {Operators.Numbers.Describe(other)}"),
    };

    public static IReadOnlyList<object> One(object? value) => value is null ? Empty : [value];
}
