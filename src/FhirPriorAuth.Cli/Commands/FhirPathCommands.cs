using System.CommandLine;
using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Elements;
using FhirPriorAuth.Fhir.FhirPath;
using FhirPriorAuth.Fhir.FhirPath.Conformance;
using FhirPriorAuth.Fhir.FhirPath.Syntax;
using FhirPriorAuth.Fhir.Serialization;

namespace FhirPriorAuth.Cli.Commands;

/// <summary><c>fpa fhirpath eval</c> and <c>fpa fhirpath test</c>.</summary>
internal static class FhirPathCommands
{
    public static Command Create()
    {
        var command = new Command("fhirpath", "Evaluate FHIRPath expressions and run FHIRPath conformance suites.");
        command.Subcommands.Add(CreateEval());
        command.Subcommands.Add(CreateTest());
        return command;
    }

    private static Command CreateEval()
    {
        var expression = new Argument<string>("expression") { Description = "The FHIRPath expression, e.g. \"Patient.name.given.first()\"." };
        var resource = new Option<FileInfo?>("--resource", "-r")
        {
            Description = "A FHIR R4 resource (JSON, or XML when the file ends in .xml) to evaluate against. Without it the expression runs on an empty input.",
        };
        var variables = new Option<string[]>("--var")
        {
            Description = "A variable for %name, as name=value; repeatable. The value is read as a FHIRPath literal (5, 1.5, true, 'text', @2024-01-31, 10 'mg'); anything else is a plain string.",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("eval", """
            Evaluate an expression and print the result collection as a JSON array, one object per item:
              system values (Boolean, String, Integer, Long, Decimal):  {"type":"System.Boolean","value":true}
              Date, DateTime, Time as FHIRPath text without '@':       {"type":"System.Date","value":"2024-01"}
              quantities:                                              {"type":"System.Quantity","value":{"value":5,"unit":"mg"}}
              FHIR elements, with their location and JSON:             {"type":"FHIR.HumanName","path":"Patient.name[0]","value":{...}}
            Exit code 0 on success, 1 when the expression does not compile or fails, 2 when the resource cannot be read.
            """);
        command.Arguments.Add(expression);
        command.Options.Add(resource);
        command.Options.Add(variables);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            ElementNode? focus = null;
            if (parse.GetValue(resource) is { } file)
            {
                try
                {
                    focus = ElementNode.FromResource(ReadResource(file));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or System.Text.Json.JsonException or System.Xml.XmlException or InvalidCastException)
                {
                    error.WriteLine($"cannot read {file.FullName}: {e.Message}");
                    return 2;
                }
            }
            var vars = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var pair in parse.GetValue(variables) ?? [])
            {
                var eq = pair.IndexOf('=');
                if (eq <= 0)
                {
                    error.WriteLine($"--var '{pair}' must look like name=value");
                    return 1;
                }
                vars[pair[..eq]] = ParseVariable(pair[(eq + 1)..]);
            }
            try
            {
                var compiled = FhirPathCompiler.Compile(parse.GetValue(expression)!);
                var result = compiled.Evaluate(focus, new EvaluationContext
                {
                    Variables = vars,
                    Tracer = (name, items) => error.WriteLine($"trace {name}: {ResultWriter.ToJson(items).ToJsonString()}"),
                });
                output.WriteLine(ResultWriter.ToJson(result).ToJsonString(ResultWriter.Indented));
                return 0;
            }
            catch (FhirPathCompileException e)
            {
                error.WriteLine($"error FP{(int)e.Code} at position {e.Position}: {e.Reason}");
                return 1;
            }
            catch (FhirPathEvaluationException e)
            {
                error.WriteLine($"evaluation error: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static JsonObject ReadResource(FileInfo file)
    {
        if (file.Extension.Equals(".xml", StringComparison.OrdinalIgnoreCase)) return FhirXmlReader.ReadFile(file.FullName);
        return (JsonObject)(JsonNode.Parse(File.ReadAllText(file.FullName)) ?? throw new FormatException("the file holds JSON null"));
    }

    /// <summary>A FHIRPath literal becomes its value; any other text is a string.</summary>
    internal static object ParseVariable(string text)
    {
        try
        {
            if (FhirPathCompiler.Parse(text) is LiteralNode literal) return literal.Value;
        }
        catch (FhirPathCompileException)
        {
            // Not a literal: fall through to a plain string.
        }
        return text;
    }

    private static Command CreateTest()
    {
        var suite = new Argument<FileInfo>("suite") { Description = "A test file in the official FHIRPath test XML format (e.g. tests-fhir-r4.xml); each test's inputfile is looked up in input/ beside it, then beside it; X.json is preferred to X.xml." };
        var filter = new Option<string?>("--filter") { Description = "Only run tests whose group/name contains this text." };
        var command = new Command("test", """
            Run a FHIRPath test suite: prints one line per failing test and ends with "N passed, M failed".
            Tests marked invalid pass only when the expression raises an error. Exit code 0 when all pass, 1 otherwise, 2 when the suite cannot be read.
            """);
        command.Arguments.Add(suite);
        command.Options.Add(filter);
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var file = parse.GetValue(suite)!;
            IReadOnlyList<FhirPathTestCase> cases;
            try
            {
                cases = FhirPathTestSuite.Load(file.FullName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Xml.XmlException)
            {
                error.WriteLine($"cannot read {file.FullName}: {e.Message}");
                return 2;
            }
            var only = parse.GetValue(filter);
            var runner = new FhirPathTestRunner(file.DirectoryName ?? ".");
            int passed = 0, failed = 0;
            foreach (var test in cases)
            {
                if (only is not null && !test.Id.Contains(only, StringComparison.OrdinalIgnoreCase)) continue;
                var outcome = runner.Run(test);
                if (outcome.Passed) { passed++; continue; }
                failed++;
                output.WriteLine($"FAIL {test.Id}: {OneLine(test.Expression)} -- {outcome.Failure}");
            }
            output.WriteLine($"{passed} passed, {failed} failed");
            return failed == 0 ? 0 : 1;
        });
        return command;
    }

    private static string OneLine(string s) => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
