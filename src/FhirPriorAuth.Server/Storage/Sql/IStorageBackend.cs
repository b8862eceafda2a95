using System.Data.Common;
using FhirPriorAuth.Server.Storage.Migrations;

namespace FhirPriorAuth.Server.Storage.Sql;

/// <summary>
/// What differs between database engines: opening connections, starting write transactions, locking, timestamps and
/// the migration scripts. The SQL of the resource operations is shared.
/// </summary>
internal interface IStorageBackend : IAsyncDisposable
{
    StorageProvider Provider { get; }

    /// <summary>The schema changes, in version order.</summary>
    IReadOnlyList<Migration> Migrations { get; }

    /// <summary>Creates the table that records applied migrations, if it is missing.</summary>
    string MigrationTableDdl { get; }

    /// <summary>Appended to a SELECT of the row about to be changed, so concurrent writers of it queue up.</summary>
    string LockRowClause { get; }

    /// <summary>An open connection, configured for this engine.</summary>
    Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>A transaction that holds the write lock it needs from its start, so it never fails on upgrading one.</summary>
    Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Makes concurrent migrators of the same database wait for each other, inside their transaction.</summary>
    Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    /// <summary>
    /// A search token's system or value as this engine stores and compares it. Identity, except that PostgreSQL text
    /// cannot hold NUL (<see cref="PostgresBackend"/>): the same mapping on write and on search keeps matching exact.
    /// </summary>
    string TokenText(string text) => text;

    object ToDbTimestamp(DateTimeOffset value);

    DateTimeOffset ReadTimestamp(DbDataReader reader, int ordinal);
}
