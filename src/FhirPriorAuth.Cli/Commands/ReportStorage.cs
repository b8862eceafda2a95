using FhirPriorAuth.Server.Storage;
using FhirPriorAuth.Server.Storage.Sql;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace FhirPriorAuth.Cli.Commands;

/// <summary>
/// Opens the server's store for reading, from the same settings the server takes (<c>Storage:DataDirectory</c>,
/// a SQLite connection string, or a PostgreSQL one). A missing SQLite file is an error, never a new empty database.
/// </summary>
internal static class ReportStorage
{
    public static (IResourceStore Store, IAsyncDisposable Backend)? Open(DirectoryInfo? dataDirectory, string? sqlite, string? postgres, TextWriter error)
    {
        if (new object?[] { dataDirectory, sqlite, postgres }.Count(o => o is not null) > 1)
        {
            error.WriteLine("Give one of --data-dir, --sqlite and --postgres.");
            return null;
        }
        IStorageBackend backend;
        if (postgres is not null)
            backend = new PostgresBackend(postgres);
        else
        {
            var connectionString = sqlite is null
                ? new SqliteConnectionStringBuilder { DataSource = Path.Combine((dataDirectory ?? new DirectoryInfo("data")).FullName, StorageSettings.DatabaseFileName) }.ToString()
                : sqlite.Contains('=', StringComparison.Ordinal) ? sqlite : new SqliteConnectionStringBuilder { DataSource = sqlite }.ToString();
            var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
            if (!File.Exists(file))
            {
                error.WriteLine($"No server database at {file}: give the server's --data-dir (Storage:DataDirectory), --sqlite or --postgres.");
                return null;
            }
            backend = new SqliteBackend(connectionString);
        }
        return (new SqlResourceStore(backend, TimeProvider.System, NullLogger<SqlResourceStore>.Instance), backend);
    }
}
