using System.Data;
using System.Data.Common;
using FhirPriorAuth.Server.Storage.Migrations;
using Npgsql;

namespace FhirPriorAuth.Server.Storage.Sql;

/// <summary>
/// PostgreSQL through one pooled data source. Durability relies on the server default
/// <c>synchronous_commit = on</c>: a commit is acknowledged only after its WAL record is flushed to disk, so an
/// acknowledged write survives a server crash. Deployments must not turn it off for this database.
/// </summary>
internal sealed class PostgresBackend : IStorageBackend
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresBackend(string connectionString)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    public StorageProvider Provider => StorageProvider.Postgres;

    public IReadOnlyList<Migration> Migrations => PostgresMigrations.All;

    public string MigrationTableDdl => """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version integer NOT NULL PRIMARY KEY,
            name text NOT NULL,
            applied_at timestamptz NOT NULL
        );
        """;

    // Under READ COMMITTED two updaters could both read version n; the row lock makes the second wait and re-read.
    public string LockRowClause => " FOR UPDATE";

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    public async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);

    public async Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        // A transaction-scoped advisory lock, released by commit or rollback, keyed by the target schema so that
        // servers starting together on one database queue up while different schemas (test runs) do not.
        // DDL is transactional in PostgreSQL, so the waiter then sees the migrations as applied.
        const string sql = "SELECT pg_advisory_xact_lock(hashtext('fhirpriorauth.schema_migrations:' || coalesce(current_schema(), '')))";
        await connection.ExecuteAsync(transaction, sql, cancellationToken);
    }

    // timestamptz takes a UTC DateTime; it keeps microseconds, which is the precision the store generates.
    /// <summary>
    /// PostgreSQL text cannot hold NUL, and a token is whatever a client sent (a Claim identifier, a CDS hookInstance, a
    /// feedback card id). A text with NUL is stored as U+FFFF (a Unicode noncharacter, absent from interchanged text)
    /// followed by the text with <c>%</c> as <c>%25</c> and NUL as <c>%00</c>; every other text, so every row stored
    /// before, is unchanged.
    /// </summary>
    public string TokenText(string text) =>
        text.Contains('\0', StringComparison.Ordinal) ? "\uFFFF" + text.Replace("%", "%25", StringComparison.Ordinal).Replace("\0", "%00", StringComparison.Ordinal) : text;

    public object ToDbTimestamp(DateTimeOffset value) => value.UtcDateTime;

    public DateTimeOffset ReadTimestamp(DbDataReader reader, int ordinal) =>
        new(DateTime.SpecifyKind(reader.GetFieldValue<DateTime>(ordinal), DateTimeKind.Utc));

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
