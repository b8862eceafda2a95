using System.Data.Common;
using FhirPriorAuth.Server.Storage.Sql;
using Microsoft.Extensions.Logging.Abstractions;

namespace FhirPriorAuth.Server.Storage.Migrations;

/// <summary>
/// Brings the database schema up to the newest migration. All pending migrations and their records in
/// <c>schema_migrations</c> commit in one transaction, taken under a lock, so concurrent starts apply each once.
/// </summary>
internal sealed class SchemaMigrator(IStorageBackend backend, ILogger<SchemaMigrator>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<SchemaMigrator>.Instance;

    /// <summary>Applies what is pending and returns the versions it applied (none when the schema was current).</summary>
    public async Task<IReadOnlyList<int>> ApplyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await backend.OpenAsync(cancellationToken);
        await using var transaction = await backend.BeginWriteAsync(connection, cancellationToken);
        await backend.LockForMigrationAsync(connection, transaction, cancellationToken);
        await connection.ExecuteAsync(transaction, backend.MigrationTableDdl, cancellationToken);

        var applied = await AppliedVersionsAsync(connection, transaction, cancellationToken);
        var newest = backend.Migrations.Count == 0 ? 0 : backend.Migrations.Max(m => m.Version);
        if (applied.Count > 0 && applied.Max() > newest)
        {
            // A newer server already migrated this database; running old code against it could corrupt data.
            throw new InvalidOperationException(
                $"The database schema is at version {applied.Max()}, newer than this server knows ({newest}).");
        }

        var done = new List<int>();
        foreach (var migration in backend.Migrations.OrderBy(m => m.Version).Where(m => !applied.Contains(m.Version)))
        {
            await connection.ExecuteAsync(transaction, migration.Sql, cancellationToken);
            await using var record = connection.Command(transaction,
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @appliedAt)")
                .With("@version", migration.Version)
                .With("@name", migration.Name)
                .With("@appliedAt", backend.ToDbTimestamp(DateTimeOffset.UtcNow));
            await record.ExecuteNonQueryAsync(cancellationToken);
            done.Add(migration.Version);
        }

        await transaction.CommitAsync(cancellationToken);
        if (done.Count > 0)
            _logger.LogInformation("Storage ({Provider}) migrated to schema version {Version}", backend.Provider, done[^1]);
        else
            _logger.LogInformation("Storage ({Provider}) schema is current", backend.Provider);
        return done;
    }

    private static async Task<HashSet<int>> AppliedVersionsAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(transaction, "SELECT version FROM schema_migrations");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var versions = new HashSet<int>();
        while (await reader.ReadAsync(cancellationToken))
            versions.Add(reader.GetInt32(0));
        return versions;
    }
}
