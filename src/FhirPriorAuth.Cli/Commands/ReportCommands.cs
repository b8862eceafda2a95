using System.CommandLine;

namespace FhirPriorAuth.Cli.Commands;

/// <summary><c>fpa report cms-metrics</c>.</summary>
internal static class ReportCommands
{
    public static Command Create()
    {
        var command = new Command("report", "Reports computed from a server's stored prior-authorization decisions.");
        command.Subcommands.Add(CreateCmsMetrics());
        return command;
    }

    private static Command CreateCmsMetrics()
    {
        var year = new Option<int>("--year") { Description = "The calendar year (requests first submitted in it, UTC).", Required = true };
        var dataDirectory = new Option<DirectoryInfo?>("--data-dir")
        {
            Description = "The server's SQLite data folder (Storage:DataDirectory; default ./data).",
        };
        var sqlite = new Option<string?>("--sqlite") { Description = "A SQLite database file or connection string (Storage:ConnectionString)." };
        var postgres = new Option<string?>("--postgres") { Description = "A PostgreSQL connection string (Storage:Provider=postgres)." };
        var format = new Option<string>("--format") { Description = "text (a table) or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var includeDrugs = new Option<bool>("--include-drugs")
        {
            Description = "Count drug requests too. CMS-0057-F excludes drugs of every kind, provider-administered ones included, "
                + "so the default leaves them out (the proposed CMS-0062-P would bring them in).",
        };
        var command = new Command("cms-metrics", """
            Print the nine CMS-0057-F public-reporting metrics for a year from the server's stored PAS decisions and
            reviewer Tasks: items and services requiring prior authorization; % of standard requests approved and denied;
            % approved after appeal; % approved after an extended timeframe; % of expedited requests approved and denied;
            average and median time from submission to determination, standard and expedited.
            Exit code 0 on success, 2 when the storage cannot be opened.
            """);
        foreach (var option in new Option[] { year, dataDirectory, sqlite, postgres, format, includeDrugs })
            command.Options.Add(option);
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (ReportStorage.Open(parse.GetValue(dataDirectory), parse.GetValue(sqlite), parse.GetValue(postgres), error) is not { } opened)
                return 2;
            await using var backend = opened.Backend;
            var requests = await ReportCmsMetrics.LoadAsync(opened.Store, ct);
            var metrics = ReportMetrics.Compute(requests, parse.GetValue(year), parse.GetValue(includeDrugs));
            if (parse.GetValue(format) == "json")
                output.WriteLine(metrics.ToJson().ToJsonString(ResultWriter.Indented));
            else
                metrics.WriteText(output);
            return 0;
        });
        return command;
    }
}
