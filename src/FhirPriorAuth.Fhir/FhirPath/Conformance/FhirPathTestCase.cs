using System.Xml.Linq;

namespace FhirPriorAuth.Fhir.FhirPath.Conformance;

/// <summary>An expected output item: its declared type (null when untyped) and its text.</summary>
public sealed record ExpectedOutput(string? Type, string Text);

/// <summary>
/// One <c>&lt;test&gt;</c> of the official FHIRPath test format. <see cref="Invalid"/> is the kind of error expected
/// (<c>syntax</c>, <c>semantic</c>, <c>execution</c>), or null when the expression must evaluate.
/// </summary>
public sealed record FhirPathTestCase(
    string Group,
    string Name,
    string? InputFile,
    string Expression,
    string? Invalid,
    bool Predicate,
    string? Mode,
    bool Ordered,
    IReadOnlyList<ExpectedOutput> Outputs)
{
    /// <summary>Group-qualified name, unique within the suite (a few test names repeat across groups).</summary>
    public string Id => $"{Group}/{Name}";

    public override string ToString() => Id;
}

/// <summary>Reads a test file in the official format (groups of tests; no XML namespace, or the fhirpath tests namespace).</summary>
public static class FhirPathTestSuite
{
    public static IReadOnlyList<FhirPathTestCase> Load(string path)
    {
        var doc = XDocument.Load(path);
        var cases = new List<FhirPathTestCase>();
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var group in doc.Root!.Elements().Where(e => e.Name.LocalName == "group"))
        {
            var groupName = group.Attribute("name")?.Value ?? "";
            foreach (var test in group.Elements().Where(e => e.Name.LocalName == "test"))
            {
                var expression = test.Elements().FirstOrDefault(e => e.Name.LocalName == "expression");
                if (expression is null) continue;
                var name = test.Attribute("name")?.Value ?? $"{groupName}-unnamed";
                // Disambiguate repeated names so each case has a stable id.
                var key = $"{groupName}/{name}";
                names[key] = names.GetValueOrDefault(key) + 1;
                if (names[key] > 1) name = $"{name}#{names[key]}";
                cases.Add(new FhirPathTestCase(
                    groupName,
                    name,
                    test.Attribute("inputfile")?.Value,
                    expression.Value,
                    expression.Attribute("invalid")?.Value,
                    string.Equals(test.Attribute("predicate")?.Value, "true", StringComparison.OrdinalIgnoreCase),
                    test.Attribute("mode")?.Value ?? expression.Attribute("mode")?.Value,
                    !string.Equals(test.Attribute("ordered")?.Value, "false", StringComparison.OrdinalIgnoreCase),
                    test.Elements().Where(e => e.Name.LocalName == "output")
                        .Select(o => new ExpectedOutput(o.Attribute("type")?.Value, o.Value)).ToList()));
            }
        }
        return cases;
    }
}
