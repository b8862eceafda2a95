using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Elements;
using FhirPriorAuth.Fhir.FhirPath.Operators;
using FhirPriorAuth.Fhir.FhirPath.Values;
using FhirPriorAuth.Fhir.Serialization;

namespace FhirPriorAuth.Fhir.FhirPath.Conformance;

/// <summary>The result of one test case: passed or not, and a one-line explanation when not.</summary>
public sealed record FhirPathTestOutcome(FhirPathTestCase Case, bool Passed, string? Failure);

/// <summary>
/// Runs official-format FHIRPath test cases. Input files are looked up in <c>input/</c> beside the suite file
/// (or beside it directly); for <c>X.xml</c> a sibling <c>X.json</c> is preferred, otherwise the XML is converted.
/// </summary>
public sealed class FhirPathTestRunner(string suiteDirectory)
{
    private readonly ConcurrentDictionary<string, JsonObject> _inputs = new(StringComparer.Ordinal);

    public FhirPathTestOutcome Run(FhirPathTestCase test)
    {
        try
        {
            return RunCore(test);
        }
        catch (Exception e) when (e is IOException or FormatException or System.Xml.XmlException or System.Text.Json.JsonException)
        {
            return new FhirPathTestOutcome(test, false, $"input '{test.InputFile}' could not be read: {e.Message}");
        }
        catch (Exception e)
        {
            // A crash is a failure of this test, not of the whole run.
            return new FhirPathTestOutcome(test, false, $"crashed: {e.GetType().Name}: {e.Message}");
        }
    }

    private FhirPathTestOutcome RunCore(FhirPathTestCase test)
    {
        ElementNode? input = test.InputFile is null ? null : ElementNode.FromResource(LoadInput(test.InputFile));
        IReadOnlyList<object> result;
        try
        {
            var compiled = FhirPathCompiler.Compile(test.Expression);
            result = compiled.Evaluate(input);
            if (test.Predicate)
            {
                var b = Logic.ToBoolean(result, "predicate");
                result = b is null ? [] : [b.Value];
            }
        }
        catch (Exception e) when (e is FhirPathCompileException or FhirPathEvaluationException)
        {
            return test.Invalid is not null
                ? new FhirPathTestOutcome(test, true, null)
                : new FhirPathTestOutcome(test, false, $"unexpected error: {e.Message}");
        }
        if (test.Invalid is not null)
            return new FhirPathTestOutcome(test, false, $"expected a {test.Invalid} error, got {Describe(result)}");
        var failure = Compare(test, result);
        return new FhirPathTestOutcome(test, failure is null, failure);
    }

    private JsonObject LoadInput(string file) => _inputs.GetOrAdd(file, f =>
    {
        foreach (var dir in new[] { Path.Combine(suiteDirectory, "input"), suiteDirectory })
        {
            var path = Path.Combine(dir, f);
            var json = Path.ChangeExtension(path, ".json");
            if (File.Exists(json)) return (JsonObject)JsonNode.Parse(File.ReadAllText(json))!;
            if (File.Exists(path) && path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)) return FhirXmlReader.ReadFile(path);
        }
        throw new FileNotFoundException($"input file '{f}' not found under {suiteDirectory}");
    });

    private static string? Compare(FhirPathTestCase test, IReadOnlyList<object> actual)
    {
        var expected = test.Outputs;
        if (actual.Count != expected.Count)
            return $"expected {expected.Count} item(s) [{string.Join(", ", expected.Select(e => e.Text))}], got {Describe(actual)}";
        if (!test.Ordered)
        {
            var remaining = actual.ToList();
            foreach (var e in expected)
            {
                var i = remaining.FindIndex(a => Matches(a, e));
                if (i < 0) return $"expected {e.Text} among {Describe(actual)}";
                remaining.RemoveAt(i);
            }
            return null;
        }
        for (var i = 0; i < expected.Count; i++)
            if (!Matches(actual[i], expected[i]))
                return $"item {i}: expected {expected[i].Type ?? "value"} {expected[i].Text}, got {Describe([actual[i]])}";
        return null;
    }

    /// <summary>Compares one result item with its expected text, by the declared type when there is one.</summary>
    private static bool Matches(object actual, ExpectedOutput expected)
    {
        var value = ItemValues.ToOperand(actual);
        var text = expected.Text.Trim();
        if (expected.Type is "boolean" && value is not bool) return false;
        if (expected.Type is "integer" && value is not (int or long)) return false;
        if (expected.Type is "decimal" && value is not (decimal or int)) return false;
        if (expected.Type is "date" && value is not PartialDateTime { Kind: TemporalKind.Date }) return false;
        if (expected.Type is "dateTime" && value is not PartialDateTime { Kind: TemporalKind.DateTime }) return false;
        if (expected.Type is "time" && value is not PartialDateTime { Kind: TemporalKind.Time }) return false;
        if (expected.Type is "Quantity" && value is not Quantity) return false;
        if (expected.Type is "string" or "code" or "id" or "uri" && value is not string) return false;
        switch (value)
        {
            case bool b: return text == (b ? "true" : "false");
            case int or long or decimal:
                return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && Convert.ToDecimal(value, CultureInfo.InvariantCulture) == d;
            case PartialDateTime p: return p.ToLiteral() == text || "@" + p == text || p.ToString() == text;
            case Quantity q:
                return Functions.ConversionFunctions.ParseQuantity(text) is { } eq && Quantity.AreEqual(q, eq) == true && DecimalMath.Scale(q.Value) == DecimalMath.Scale(eq.Value);
            case string s: return s == expected.Text;
            default: return false;
        }
    }

    /// <summary>Renders a result collection for failure messages.</summary>
    public static string Describe(IReadOnlyList<object> items) => "[" + string.Join(", ", items.Select(DescribeItem)) + "]";

    private static string DescribeItem(object item) => ItemValues.ToOperand(item) switch
    {
        null => item is ElementNode n ? $"{n.InstanceType ?? n.Name}(no value)" : "null",
        ElementNode n => $"{n.InstanceType ?? n.Name}",
        string s => $"'{s}'",
        bool b => b ? "true" : "false",
        PartialDateTime p => p.ToLiteral(),
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        var v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "?",
    };
}

