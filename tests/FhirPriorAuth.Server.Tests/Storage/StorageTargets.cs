using FhirPriorAuth.Server.Storage.Sql;
using Npgsql;

namespace FhirPriorAuth.Server.Tests.Storage;

/// <summary>A database for one test, made fresh and removed afterwards.</summary>
internal abstract class StorageTarget : IAsyncDisposable
{
    /// <summary>A new backend on the same database, as a restarted server would open it.</summary>
    public abstract IStorageBackend Open();

    public abstract ValueTask DisposeAsync();
}

/// <summary>A SQLite file in a temporary folder (a real file: WAL and locking behave as in production).</summary>
internal sealed class SqliteTarget : StorageTarget
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fpa-storage-").FullName;

    public string DatabaseFile => Path.Combine(_folder, "test.db");

    public override IStorageBackend Open() => new SqliteBackend($"Data Source={DatabaseFile}");

    public override ValueTask DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// A schema of its own in the database named by <c>FPA_TEST_POSTGRES</c>, so runs never collide.
/// Without that variable the test skips, except in CI, where it fails: CI must exercise PostgreSQL.
/// </summary>
internal sealed class PostgresTarget : StorageTarget
{
    public const string Variable = "FPA_TEST_POSTGRES";

    private readonly string _adminConnectionString;
    private readonly string _schema = "fpa_test_" + Guid.NewGuid().ToString("N");

    private PostgresTarget(string adminConnectionString)
    {
        _adminConnectionString = adminConnectionString;
        ConnectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { SearchPath = _schema }.ToString();
    }

    public string ConnectionString { get; }

    public static async Task<PostgresTarget> CreateAsync(CancellationToken cancellationToken)
    {
        var connectionString = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
                Assert.Fail($"CI must run the PostgreSQL tests: set {Variable} (.ci/postgres-setup.sh prints it).");
            Assert.Skip($"PostgreSQL tests need {Variable} (a connection string; .ci/postgres-setup.sh sets up a server and prints it).");
        }
        var target = new PostgresTarget(connectionString);
        await target.ExecuteAsync($"CREATE SCHEMA {target._schema}", cancellationToken);
        return target;
    }

    public override IStorageBackend Open() => new PostgresBackend(ConnectionString);

    public override async ValueTask DisposeAsync()
    {
        await ExecuteAsync($"DROP SCHEMA IF EXISTS {_schema} CASCADE", CancellationToken.None);
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
