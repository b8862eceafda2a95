namespace FhirPriorAuth.Server.Storage.Sql;

/// <summary>
/// The resource store over a SQL backend: a connection per call (pooled), each write in its own transaction
/// unless the caller groups writes with <see cref="InTransactionAsync{T}"/>. On SQLite the transactions of this process
/// go through one write queue that commits many at once (<see cref="SqliteWriteQueue"/>); PostgreSQL runs them
/// concurrently, each on its own connection.
/// </summary>
internal sealed class SqlResourceStore(IStorageBackend backend, TimeProvider clock, ILogger<SqlResourceStore> logger) : IResourceStore
{
    public Task<T> InTransactionAsync<T>(Func<IResourceOperations, CancellationToken, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (backend is SqliteBackend sqlite)
            return sqlite.Writer.RunAsync(async (connection, transaction, ct) =>
            {
                var operations = new SqlResourceOperations(backend, connection, transaction, clock, logger);
                try
                {
                    return await work(operations, ct);
                }
                finally
                {
                    operations.Finish();
                }
            }, cancellationToken);
        return RunAloneAsync(work, cancellationToken);
    }

    private async Task<T> RunAloneAsync<T>(Func<IResourceOperations, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await backend.OpenAsync(cancellationToken);
        await using var transaction = await backend.BeginWriteAsync(connection, cancellationToken);
        var operations = new SqlResourceOperations(backend, connection, transaction, clock, logger);
        try
        {
            var result = await work(operations, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        catch
        {
            logger.LogDebug("Storage transaction rolled back");
            await RollBackQuietlyAsync(transaction);
            throw;
        }
        finally
        {
            operations.Finish();
        }
    }

    public Task<StoredResource> CreateAsync(string resourceType, string json, IReadOnlyCollection<SearchToken> searchTokens, CancellationToken cancellationToken = default) =>
        InTransactionAsync((operations, ct) => operations.CreateAsync(resourceType, json, searchTokens, ct), cancellationToken);

    public Task<UpdateResult> UpdateAsync(string resourceType, string id, string json, IReadOnlyCollection<SearchToken> searchTokens, int? expectedVersionId = null, CancellationToken cancellationToken = default) =>
        InTransactionAsync((operations, ct) => operations.UpdateAsync(resourceType, id, json, searchTokens, expectedVersionId, ct), cancellationToken);

    public Task<DeleteResult> DeleteAsync(string resourceType, string id, CancellationToken cancellationToken = default) =>
        InTransactionAsync((operations, ct) => operations.DeleteAsync(resourceType, id, ct), cancellationToken);

    public Task<StoredResource?> ReadAsync(string resourceType, string id, CancellationToken cancellationToken = default) =>
        ReadOnlyAsync((operations, ct) => operations.ReadAsync(resourceType, id, ct), cancellationToken);

    public Task<StoredResource?> ReadVersionAsync(string resourceType, string id, int versionId, CancellationToken cancellationToken = default) =>
        ReadOnlyAsync((operations, ct) => operations.ReadVersionAsync(resourceType, id, versionId, ct), cancellationToken);

    public Task<IReadOnlyList<StoredResource>> HistoryAsync(string resourceType, string id, CancellationToken cancellationToken = default) =>
        ReadOnlyAsync((operations, ct) => operations.HistoryAsync(resourceType, id, ct), cancellationToken);

    public Task<IReadOnlyList<StoredResource>> SearchAsync(string resourceType, IReadOnlyCollection<TokenCriterion> criteria, int maxResults = 100, CancellationToken cancellationToken = default) =>
        ReadOnlyAsync((operations, ct) => operations.SearchAsync(resourceType, criteria, maxResults, ct), cancellationToken);

    // Single reads need no write transaction: each statement sees a committed snapshot, and no write lock is taken.
    private async Task<T> ReadOnlyAsync<T>(Func<IResourceOperations, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var connection = await backend.OpenAsync(cancellationToken);
        var operations = new SqlResourceOperations(backend, connection, null, clock, logger);
        try
        {
            return await read(operations, cancellationToken);
        }
        finally
        {
            operations.Finish();
        }
    }

    private async Task RollBackQuietlyAsync(System.Data.Common.DbTransaction transaction)
    {
        try
        {
            // Not the caller's token: a cancelled request must still release its locks.
            await transaction.RollbackAsync(CancellationToken.None);
        }
        catch (Exception exception)
        {
            // The original failure matters more; a broken connection is discarded by the pool anyway.
            logger.LogWarning(exception, "Storage rollback failed");
        }
    }
}
