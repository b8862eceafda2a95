using System.Data.Common;
using System.Text;

namespace FhirPriorAuth.Server.Storage.Sql;

/// <summary>
/// The resource operations on one connection and, for writes, one transaction that the caller commits.
/// The SQL is plain enough to run unchanged on SQLite and PostgreSQL; differences come from the backend.
/// </summary>
internal sealed class SqlResourceOperations(
    IStorageBackend backend,
    DbConnection connection,
    DbTransaction? transaction,
    TimeProvider clock,
    ILogger logger) : IResourceOperations
{
    private const string Columns = "resource_type, id, version_id, last_updated, is_deleted, body";

    /// <summary>
    /// Token parameters that most stored resources of their type share (the kind of PAS Bundle, the submitter, the
    /// sender, the audit kind): a poor place to start a search from.
    /// </summary>
    private static readonly HashSet<string> BroadParameters = new(StringComparer.Ordinal) { "pas-kind", "submitter", "sender", "audit-kind", "cds-log", "service", "hook", "client" };

    private bool _finished;

    /// <summary>Called when the transaction ends, so a leaked reference fails loudly instead of writing outside it.</summary>
    public void Finish() => _finished = true;

    public async Task<StoredResource> CreateAsync(string resourceType, string json, IReadOnlyCollection<SearchToken> searchTokens, CancellationToken cancellationToken = default)
    {
        ResourceKeys.CheckType(resourceType);
        ArgumentNullException.ThrowIfNull(json);
        ResourceKeys.CheckTokens(searchTokens);
        var transaction = WriteTransaction();

        var stored = new StoredResource(resourceType, Guid.NewGuid().ToString("D"), 1, Now(), false, json);
        await using (var insert = connection.Command(transaction,
                         $"INSERT INTO resources ({Columns}) VALUES (@type, @id, @version, @updated, @deleted, @body)"))
        {
            await BindVersion(insert, stored).ExecuteNonQueryAsync(cancellationToken);
        }
        await AddVersionAsync(transaction, stored, cancellationToken);
        await ReplaceTokensAsync(transaction, resourceType, stored.Id, searchTokens, cancellationToken);
        logger.LogDebug("Created {ResourceType}/{Id} version {VersionId}", resourceType, stored.Id, stored.VersionId);
        return stored;
    }

    public async Task<UpdateResult> UpdateAsync(string resourceType, string id, string json, IReadOnlyCollection<SearchToken> searchTokens, int? expectedVersionId = null, CancellationToken cancellationToken = default)
    {
        ResourceKeys.Check(resourceType, id);
        ArgumentNullException.ThrowIfNull(json);
        ResourceKeys.CheckTokens(searchTokens);
        var transaction = WriteTransaction();

        var current = await LockCurrentAsync(transaction, resourceType, id, cancellationToken);
        if (current is null)
            return new UpdateResult(UpdateStatus.NotFound, null, null);
        if (expectedVersionId is { } expected && expected != current.Value.VersionId)
        {
            logger.LogDebug("Version conflict on {ResourceType}/{Id}: expected {Expected}, current {Current}",
                resourceType, id, expected, current.Value.VersionId);
            return new UpdateResult(UpdateStatus.VersionConflict, null, current.Value.VersionId);
        }

        var stored = new StoredResource(resourceType, id, current.Value.VersionId + 1, Now(), false, json);
        await ReplaceCurrentAsync(transaction, stored, cancellationToken);
        await ReplaceTokensAsync(transaction, resourceType, id, searchTokens, cancellationToken);
        logger.LogDebug("Updated {ResourceType}/{Id} to version {VersionId}", resourceType, id, stored.VersionId);
        return new UpdateResult(UpdateStatus.Updated, stored, stored.VersionId);
    }

    public async Task<DeleteResult> DeleteAsync(string resourceType, string id, CancellationToken cancellationToken = default)
    {
        ResourceKeys.Check(resourceType, id);
        var transaction = WriteTransaction();

        var current = await LockCurrentAsync(transaction, resourceType, id, cancellationToken);
        if (current is null)
            return new DeleteResult(DeleteStatus.NotFound, null);
        if (current.Value.IsDeleted)
            return new DeleteResult(DeleteStatus.AlreadyDeleted, current.Value.VersionId);

        var tombstone = new StoredResource(resourceType, id, current.Value.VersionId + 1, Now(), true, null);
        await ReplaceCurrentAsync(transaction, tombstone, cancellationToken);
        await ReplaceTokensAsync(transaction, resourceType, id, [], cancellationToken);
        logger.LogDebug("Deleted {ResourceType}/{Id} at version {VersionId}", resourceType, id, tombstone.VersionId);
        return new DeleteResult(DeleteStatus.Deleted, tombstone.VersionId);
    }

    public async Task<StoredResource?> ReadAsync(string resourceType, string id, CancellationToken cancellationToken = default)
    {
        ResourceKeys.Check(resourceType, id);
        await using var command = Command($"SELECT {Columns} FROM resources WHERE resource_type = @type AND id = @id")
            .With("@type", resourceType).With("@id", id);
        return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
    }

    public async Task<StoredResource?> ReadVersionAsync(string resourceType, string id, int versionId, CancellationToken cancellationToken = default)
    {
        ResourceKeys.Check(resourceType, id);
        await using var command = Command(
                $"SELECT {Columns} FROM resource_versions WHERE resource_type = @type AND id = @id AND version_id = @version")
            .With("@type", resourceType).With("@id", id).With("@version", versionId);
        return (await ReadAllAsync(command, cancellationToken)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<StoredResource>> HistoryAsync(string resourceType, string id, CancellationToken cancellationToken = default)
    {
        ResourceKeys.Check(resourceType, id);
        await using var command = Command(
                $"SELECT {Columns} FROM resource_versions WHERE resource_type = @type AND id = @id ORDER BY version_id DESC")
            .With("@type", resourceType).With("@id", id);
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<StoredResource>> SearchAsync(string resourceType, IReadOnlyCollection<TokenCriterion> criteria, int maxResults = 100, CancellationToken cancellationToken = default)
    {
        ResourceKeys.CheckType(resourceType);
        ArgumentNullException.ThrowIfNull(criteria);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxResults, 1);

        var sql = new StringBuilder($"SELECT {Columns} FROM resources r WHERE r.resource_type = @type AND NOT r.is_deleted");
        await using var command = Command("");
        command.With("@type", resourceType);
        var list = criteria.ToList();
        foreach (var criterion in list)
        {
            if (string.IsNullOrEmpty(criterion.Parameter) || criterion.Value is null)
                throw new ArgumentException("A search criterion needs a parameter name and a value.", nameof(criteria));
        }
        // A selective criterion drives the search: its few matching ids come from the token index and the rest are
        // checked per resource. Without one, resources are read in id order until the limit is filled, which is quick
        // precisely because broad criteria match most of them.
        var driver = list.FindIndex(c => !BroadParameters.Contains(c.Parameter));
        for (var index = 0; index < list.Count; index++)
        {
            var criterion = list[index];
            // One condition per criterion: criteria are ANDed, and each may match a different token row.
            sql.Append(index == driver
                ? $" AND r.id IN (SELECT t.id FROM search_tokens t WHERE t.parameter = @p{index} AND t.value = @v{index} AND t.resource_type = @type"
                : $" AND EXISTS (SELECT 1 FROM search_tokens t WHERE t.resource_type = r.resource_type AND t.id = r.id AND t.parameter = @p{index} AND t.value = @v{index}");
            command.With($"@p{index}", criterion.Parameter).With($"@v{index}", backend.TokenText(criterion.Value));
            if (criterion.System is not null)
            {
                sql.Append($" AND t.system = @s{index}");
                command.With($"@s{index}", backend.TokenText(criterion.System));
            }
            sql.Append(')');
        }
        sql.Append(" ORDER BY r.id LIMIT @limit");
        command.With("@limit", maxResults);
        command.CommandText = sql.ToString();
        return await ReadAllAsync(command, cancellationToken);
    }

    private DbTransaction WriteTransaction()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        return transaction ?? throw new InvalidOperationException("Writes run inside a transaction.");
    }

    private DbCommand Command(string sql)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        return connection.Command(transaction, sql);
    }

    // Microseconds: the finest both engines keep, so a value reads back exactly as it was returned.
    private DateTimeOffset Now()
    {
        var now = clock.GetUtcNow();
        return new DateTimeOffset(now.Ticks - now.Ticks % 10, TimeSpan.Zero);
    }

    private async Task<(int VersionId, bool IsDeleted)?> LockCurrentAsync(DbTransaction transaction, string resourceType, string id, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(transaction,
                $"SELECT version_id, is_deleted FROM resources WHERE resource_type = @type AND id = @id{backend.LockRowClause}")
            .With("@type", resourceType).With("@id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        return (reader.GetInt32(0), reader.GetBoolean(1));
    }

    private async Task ReplaceCurrentAsync(DbTransaction transaction, StoredResource stored, CancellationToken cancellationToken)
    {
        await using (var update = connection.Command(transaction,
                         "UPDATE resources SET version_id = @version, last_updated = @updated, is_deleted = @deleted, body = @body WHERE resource_type = @type AND id = @id"))
        {
            await BindVersion(update, stored).ExecuteNonQueryAsync(cancellationToken);
        }
        await AddVersionAsync(transaction, stored, cancellationToken);
    }

    private async Task AddVersionAsync(DbTransaction transaction, StoredResource stored, CancellationToken cancellationToken)
    {
        await using var insert = connection.Command(transaction,
            $"INSERT INTO resource_versions ({Columns}) VALUES (@type, @id, @version, @updated, @deleted, @body)");
        await BindVersion(insert, stored).ExecuteNonQueryAsync(cancellationToken);
    }

    private DbCommand BindVersion(DbCommand command, StoredResource stored) => command
        .With("@type", stored.ResourceType)
        .With("@id", stored.Id)
        .With("@version", stored.VersionId)
        .With("@updated", backend.ToDbTimestamp(stored.LastUpdated))
        .With("@deleted", stored.IsDeleted)
        .With("@body", stored.Json);

    private async Task ReplaceTokensAsync(DbTransaction transaction, string resourceType, string id, IReadOnlyCollection<SearchToken> tokens, CancellationToken cancellationToken)
    {
        await using (var clear = connection.Command(transaction, "DELETE FROM search_tokens WHERE resource_type = @type AND id = @id")
                         .With("@type", resourceType).With("@id", id))
        {
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }

        // Repeated tokens (a code listed twice) would collide on the key; one row answers the search just as well.
        foreach (var token in tokens.Select(t => t with { System = t.System ?? "" }).Distinct())
        {
            await using var insert = connection.Command(transaction,
                    "INSERT INTO search_tokens (resource_type, id, parameter, system, value) VALUES (@type, @id, @parameter, @system, @value)")
                .With("@type", resourceType).With("@id", id)
                .With("@parameter", token.Parameter).With("@system", backend.TokenText(token.System ?? "")).With("@value", backend.TokenText(token.Value));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task<IReadOnlyList<StoredResource>> ReadAllAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new List<StoredResource>();
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new StoredResource(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetInt32(2),
                backend.ReadTimestamp(reader, 3),
                reader.GetBoolean(4),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        }
        return found;
    }
}
