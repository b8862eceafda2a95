using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FhirPriorAuth.Testing;

namespace FhirPriorAuth.Cli.Tests;

public sealed class FhirPathCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fpa-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = Program.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Eval_PrintsTypedJson()
    {
        var (exit, output, _) = Run("fhirpath", "eval", "(1 + 1 = 2) | 'x' | @2024-01 | 5 'mg'");
        Assert.Equal(0, exit);
        var items = Assert.IsType<JsonArray>(JsonNode.Parse(output));
        Assert.Equal("System.Boolean", (string?)items[0]!["type"]);
        Assert.True((bool)items[0]!["value"]!);
        Assert.Equal("System.String", (string?)items[1]!["type"]);
        Assert.Equal("2024-01", (string?)items[2]!["value"]);
        Assert.Equal("mg", (string?)items[3]!["value"]!["unit"]);
    }

    [Fact]
    public void Eval_OverAResourceFile_ReportsFhirTypesAndPaths()
    {
        var file = Write("patient.json", """{"resourceType":"Patient","name":[{"family":"Rivera","given":["Ana"]}],"birthDate":"1980-06-15"}""");
        var (exit, output, _) = Run("fhirpath", "eval", "Patient.name.given | birthDate", "--resource", file);
        Assert.Equal(0, exit);
        var items = Assert.IsType<JsonArray>(JsonNode.Parse(output));
        Assert.Equal("FHIR.string", (string?)items[0]!["type"]);
        Assert.Equal("Patient.name[0].given[0]", (string?)items[0]!["path"]);
        Assert.Equal("FHIR.date", (string?)items[1]!["type"]);
        Assert.Equal("1980-06-15", (string?)items[1]!["value"]);
    }

    [Fact]
    public void Eval_ReadsXmlResources()
    {
        var file = Write("patient.xml", """<Patient xmlns="http://hl7.org/fhir"><active value="true"/></Patient>""");
        var (exit, output, _) = Run("fhirpath", "eval", "active", "--resource", file);
        Assert.Equal(0, exit);
        Assert.Equal("FHIR.boolean", (string?)JsonNode.Parse(output)![0]!["type"]);
    }

    [Fact]
    public void Eval_VariablesAreLiteralsOrStrings()
    {
        var (exit, output, _) = Run("fhirpath", "eval", "%age + 1 | %name", "--var", "age=41", "--var", "name=Ana Rivera");
        Assert.Equal(0, exit);
        var items = JsonNode.Parse(output)!.AsArray();
        Assert.Equal(42, (int)items[0]!["value"]!);
        Assert.Equal("Ana Rivera", (string?)items[1]!["value"]);
    }

    [Fact]
    public void Eval_CompileErrorsShowCodeAndPosition()
    {
        var (exit, _, error) = Run("fhirpath", "eval", "name.");
        Assert.Equal(1, exit);
        Assert.Matches(new Regex(@"error FP202 at position 5"), error);
    }

    [Fact]
    public void Eval_MissingResourceFileExitsWith2()
    {
        var (exit, _, error) = Run("fhirpath", "eval", "name", "--resource", Path.Combine(_dir, "nope.json"));
        Assert.Equal(2, exit);
        Assert.Contains("cannot read", error);
    }

    [Fact]
    public void Test_ReportsFailuresAndTotals()
    {
        Write("input/patient.xml", """<Patient xmlns="http://hl7.org/fhir"><gender value="female"/></Patient>""");
        var suite = Write("suite.xml", """
            <tests name="mini">
              <group name="g">
                <test name="passes" inputfile="patient.xml"><expression>gender</expression><output type="code">female</output></test>
                <test name="fails" inputfile="patient.xml"><expression>gender = 'male'</expression><output type="boolean">true</output></test>
                <test name="invalidOk"><expression invalid="syntax">1 +</expression></test>
                <test name="noInput"><expression>2 * 3</expression><output type="integer">6</output></test>
              </group>
            </tests>
            """);
        var (exit, output, _) = Run("fhirpath", "test", suite);
        Assert.Equal(1, exit);
        var lines = output.Trim().Split('\n');
        Assert.Single(lines, l => l.StartsWith("FAIL g/fails:", StringComparison.Ordinal));
        Assert.Equal("3 passed, 1 failed", lines[^1].Trim());
    }

    [Fact]
    public void Test_AllPassingExitsZero()
    {
        var suite = Write("ok.xml", """<tests><group name="g"><test name="t"><expression>1 = 1</expression><output type="boolean">true</output></test></group></tests>""");
        var (exit, output, _) = Run("fhirpath", "test", suite);
        Assert.Equal(0, exit);
        Assert.Equal("1 passed, 0 failed", output.Trim());
    }

    [Fact]
    public void Test_OfficialSuiteMeetsTheTarget()
    {
        var suite = SharedData.PathTo("conformance", "fhirpath", "fhir-test-cases-r4", "tests-fhir-r4.xml");
        Assert.SkipWhen(suite is null, SharedData.MissingMessage);
        var (_, output, _) = Run("fhirpath", "test", suite);
        var summary = Regex.Match(output, @"(\d+) passed, (\d+) failed\s*$");
        Assert.True(summary.Success, output);
        Assert.True(int.Parse(summary.Groups[1].Value) >= 889, summary.Value);
    }

    [Theory]
    [InlineData(new[] { "--help" }, "fhirpath")]
    [InlineData(new[] { "fhirpath", "--help" }, "eval")]
    [InlineData(new[] { "fhirpath", "eval", "--help" }, "--var")]
    [InlineData(new[] { "fhirpath", "test", "--help" }, "passed")]
    public void Help_DescribesTheCommands(string[] args, string expected)
    {
        var (exit, output, _) = Run(args);
        Assert.Equal(0, exit);
        Assert.Contains(expected, output);
    }
}
