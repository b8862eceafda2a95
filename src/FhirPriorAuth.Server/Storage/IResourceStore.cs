namespace FhirPriorAuth.Server.Storage;

/// <summary>
/// Reads and writes FHIR resources, one call at a time or several together in one transaction.
/// Resource bodies are kept verbatim as JSON text; the columns (id, version, last updated, deleted)
/// are authoritative, so whoever serves a body stamps <c>id</c> and <c>meta</c> from them.
/// </summary>
public interface IResourceStore : IResourceOperations
{
    /// <summary>
    /// Runs <paramref name="work"/> against one transaction: every write it makes is committed together when it
    /// returns, and none is kept when it throws (throw to roll back). The operations object must not be used after
    /// the returned task completes. Inside <paramref name="work"/> use only the operations passed in: a call on the
    /// store itself would need a second connection and can wait forever for the lock this transaction holds.
    /// </summary>
    Task<T> InTransactionAsync<T>(Func<IResourceOperations, CancellationToken, Task<T>> work, CancellationToken cancellationToken = default);
}

/// <summary>The resource operations, available both directly on the store and inside a transaction.</summary>
public interface IResourceOperations
{
    /// <summary>Stores a new resource under a server-assigned id as version 1.</summary>
    /// <param name="searchTokens">Values later searches match on; the caller extracts them from the resource.</param>
    Task<StoredResource> CreateAsync(string resourceType, string json, IReadOnlyCollection<SearchToken> searchTokens, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the current version of an existing resource (a deleted one comes back to life), replacing its search
    /// tokens too. With <paramref name="expectedVersionId"/> (HTTP If-Match) a different current version is a conflict.
    /// </summary>
    Task<UpdateResult> UpdateAsync(string resourceType, string id, string json, IReadOnlyCollection<SearchToken> searchTokens, int? expectedVersionId = null, CancellationToken cancellationToken = default);

    /// <summary>The current version, or null when the resource never existed. A deleted resource reads as a tombstone.</summary>
    Task<StoredResource?> ReadAsync(string resourceType, string id, CancellationToken cancellationToken = default);

    /// <summary>One version of a resource (FHIR vread), or null when it does not exist.</summary>
    Task<StoredResource?> ReadVersionAsync(string resourceType, string id, int versionId, CancellationToken cancellationToken = default);

    /// <summary>Every version of a resource, newest first (empty when it never existed).</summary>
    Task<IReadOnlyList<StoredResource>> HistoryAsync(string resourceType, string id, CancellationToken cancellationToken = default);

    /// <summary>Soft-deletes: records a tombstone version and drops the resource from searches.</summary>
    Task<DeleteResult> DeleteAsync(string resourceType, string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Current, not deleted resources of a type matching every criterion (all of the type when there is none),
    /// ordered by id bytewise, at most <paramref name="maxResults"/>.
    /// </summary>
    Task<IReadOnlyList<StoredResource>> SearchAsync(string resourceType, IReadOnlyCollection<TokenCriterion> criteria, int maxResults = 100, CancellationToken cancellationToken = default);
}
