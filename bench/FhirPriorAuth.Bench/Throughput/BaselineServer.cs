using System.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace FhirPriorAuth.Bench.Throughput;

/// <summary>
/// The yardstick: bare Kestrel that reads the request body and answers with fixed bytes (the server's own answer to the
/// same request), optionally after one durable SQLite write of the body per request (WAL, synchronous=FULL, one
/// transaction each, as the server's store is configured). Runs in its own process, started by the throughput bench.
/// Usage: ... -- --baseline --port N --crd-answer FILE --submit-answer FILE [--durable DBFILE]
/// </summary>
internal static class BaselineServer
{
    public static int Run(List<string> args)
    {
        string Arg(string name) => args[args.IndexOf(name) + 1];
        var crdAnswer = File.ReadAllBytes(Arg("--crd-answer"));
        var submitAnswer = File.ReadAllBytes(Arg("--submit-answer"));
        var durable = args.Contains("--durable") ? Arg("--durable") : null;
        string? connectionString = null;
        if (durable is not null)
        {
            SQLitePCL.Batteries_V2.Init();
            connectionString = new SqliteConnectionStringBuilder { DataSource = durable, Pooling = true, Cache = SqliteCacheMode.Private }.ToString();
            using var setup = Open(connectionString);
            using var create = setup.CreateCommand();
            create.CommandText = "CREATE TABLE IF NOT EXISTS requests (id INTEGER PRIMARY KEY, received TEXT NOT NULL, body TEXT NOT NULL)";
            create.ExecuteNonQuery();
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Arg("--port")}");
        var app = builder.Build();
        app.MapGet("/up", () => "up");
        app.MapPost("/{**path}", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            if (connectionString is not null)
                await WriteAsync(connectionString, body);
            var answer = http.Request.Path.Value!.EndsWith("$submit", StringComparison.Ordinal) ? submitAnswer : crdAnswer;
            http.Response.ContentType = "application/json";
            await http.Response.Body.WriteAsync(answer);
        });
        app.Run();
        return 0;
    }

    private static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;";
        pragmas.ExecuteNonQuery();
        return connection;
    }

    // One transaction (BEGIN IMMEDIATE) and so one fsync of the WAL per request.
    private static async Task WriteAsync(string connectionString, string body)
    {
        await using var connection = Open(connectionString);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(IsolationLevel.Serializable);
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO requests (received, body) VALUES (@received, @body)";
        insert.Parameters.AddWithValue("@received", DateTimeOffset.UtcNow.ToString("O"));
        insert.Parameters.AddWithValue("@body", body);
        await insert.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }
}
