using System.Data;
using System.Data.Common;
using System.Globalization;
using FhirPriorAuth.Server.Storage.Migrations;
using Microsoft.Data.Sqlite;

namespace FhirPriorAuth.Server.Storage.Sql;

/// <summary>SQLite in a local file, one pooled connection per operation.</summary>
internal sealed class SqliteBackend : IStorageBackend
{
    // Fixed width and UTC, so text order is time order.
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    // WAL lets readers proceed beside the single writer. Under WAL, synchronous=NORMAL fsyncs only at checkpoints,
    // so after a power loss or OS crash the last acknowledged commits can vanish (the file stays consistent, but the
    // writes are gone). FULL fsyncs the WAL on every commit, which is what "an acknowledged write survives a crash"
    // needs; the cost is one fsync per transaction. Both settings apply per connection, so every open sets them.
    // busy_timeout (ms): how long a writer waits for another writer's lock before failing with SQLITE_BUSY.
    private const string ConnectionPragmas = """
        PRAGMA busy_timeout = 30000;
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = FULL;
        PRAGMA foreign_keys = ON;
        """;

    private static readonly Lazy<bool> NativeLibrary = new(() =>
    {
        SQLitePCL.Batteries_V2.Init();
        return true;
    });

    private readonly string _connectionString;

    public SqliteBackend(string connectionString, int writeQueueCapacity = StorageSettings.DefaultWriteQueueCapacity)
    {
        _ = NativeLibrary.Value;
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            Mode = SqliteOpenMode.ReadWriteCreate,
            // Private cache: a shared cache would serialize connections on table locks that busy_timeout does not cover.
            Cache = SqliteCacheMode.Private,
            Pooling = true,
        };
        if (string.IsNullOrEmpty(builder.DataSource) || builder.DataSource == ":memory:")
            throw new InvalidOperationException("The SQLite store needs a database file (Storage:ConnectionString 'Data Source=<file>').");
        _connectionString = builder.ToString();
        DatabaseFile = builder.DataSource;
        Writer = new SqliteWriteQueue(this, writeQueueCapacity);
    }

    /// <summary>The one queue every write of this process to this database goes through (group commit).</summary>
    public SqliteWriteQueue Writer { get; }

    public string DatabaseFile { get; }

    public StorageProvider Provider => StorageProvider.Sqlite;

    public IReadOnlyList<Migration> Migrations => SqliteMigrations.All;

    public string MigrationTableDdl => """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER NOT NULL PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at TEXT NOT NULL
        );
        """;

    // The write transaction already holds the database's single write lock.
    public string LockRowClause => "";

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await connection.ExecuteAsync(null, ConnectionPragmas, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // Serializable is BEGIN IMMEDIATE here: the write lock is taken (waiting up to busy_timeout) at the start.
        // A deferred transaction that reads first and writes later can fail with SQLITE_BUSY on the upgrade instead.
        return await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
    }

    // BEGIN IMMEDIATE already excludes every other writer, migrators included.
    public Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public object ToDbTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    public DateTimeOffset ReadTimestamp(DbDataReader reader, int ordinal) =>
        DateTimeOffset.ParseExact(reader.GetString(ordinal), TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public ValueTask DisposeAsync()
    {
        // Closes the idle pooled handles on this file, so a reopened store (or a deleted file) starts clean.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }
}
