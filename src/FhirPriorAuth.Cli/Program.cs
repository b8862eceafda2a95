using System.CommandLine;
using FhirPriorAuth.Cli.Commands;

namespace FhirPriorAuth.Cli;

/// <summary>The <c>fpa</c> command: tools for payer analysts and rule authors.</summary>
public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Runs the command line with explicit writers, so tests can capture the output.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("fpa - tools for FhirPriorAuth rule authors and payer analysts.");
        root.Subcommands.Add(FhirPathCommands.Create());
        root.Subcommands.Add(PolicyCommands.Create());
        root.Subcommands.Add(ReportCommands.Create());
        var parsed = root.Parse(args);
        return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }
}
