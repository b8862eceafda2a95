using FhirPriorAuth.Server.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace FhirPriorAuth.Server.Tests.Infrastructure;

/// <summary>
/// Resource operations that pass every call to the real ones; a test overrides a call to make it fail or to slip a
/// write in between a read and the write that follows it (a concurrent writer, made deterministic).
/// </summary>
internal class InterceptedOperations : IResourceOperations
{
    /// <summary>The real operations of the current call or transaction.</summary>
    protected IResourceOperations Inner { get; private set; } = null!;

    internal InterceptedOperations Over(IResourceOperations inner)
    {
        Inner = inner;
        return this;
    }

    public virtual Task<StoredResource> CreateAsync(string resourceType, string json, IReadOnlyCollection<SearchToken> searchTokens, CancellationToken cancellationToken = default) =>
        Inner.CreateAsync(resourceType, json, searchTokens, cancellationToken);

    public virtual Task<UpdateResult> UpdateAsync(string resourceType, string id, string json, IReadOnlyCollection<SearchToken> searchTokens, int? expectedVersionId = null, CancellationToken cancellationToken = default) =>
        Inner.UpdateAsync(resourceType, id, json, searchTokens, expectedVersionId, cancellationToken);

    public virtual Task<StoredResource?> ReadAsync(string resourceType, string id, CancellationToken cancellationToken = default) =>
        Inner.ReadAsync(resourceType, id, cancellationToken);

    public Task<StoredResource?> ReadVersionAsync(string resourceType, string id, int versionId, CancellationToken cancellationToken = default) =>
        Inner.ReadVersionAsync(resourceType, id, versionId, cancellationToken);

    public Task<IReadOnlyList<StoredResource>> HistoryAsync(string resourceType, string id, CancellationToken cancellationToken = default) =>
        Inner.HistoryAsync(resourceType, id, cancellationToken);

    public Task<DeleteResult> DeleteAsync(string resourceType, string id, CancellationToken cancellationToken = default) =>
        Inner.DeleteAsync(resourceType, id, cancellationToken);

    public virtual Task<IReadOnlyList<StoredResource>> SearchAsync(string resourceType, IReadOnlyCollection<TokenCriterion> criteria, int maxResults = 100, CancellationToken cancellationToken = default) =>
        Inner.SearchAsync(resourceType, criteria, maxResults, cancellationToken);
}

/// <summary>
/// The configured store with every call, direct or inside a transaction, going through <typeparamref name="T"/>.
/// One interceptor per call, created by <paramref name="create"/>, so concurrent requests never share one.
/// </summary>
internal sealed class InterceptedStore<T>(IResourceStore inner, Func<T> create) : IResourceStore where T : InterceptedOperations
{
    public Task<T1> InTransactionAsync<T1>(Func<IResourceOperations, CancellationToken, Task<T1>> work, CancellationToken cancellationToken = default) =>
        inner.InTransactionAsync((operations, ct) => work(create().Over(operations), ct), cancellationToken);

    public Task<StoredResource> CreateAsync(string resourceType, string json, IReadOnlyCollection<SearchToken> searchTokens, CancellationToken cancellationToken = default) =>
        create().Over(inner).CreateAsync(resourceType, json, searchTokens, cancellationToken);

    public Task<UpdateResult> UpdateAsync(string resourceType, string id, string json, IReadOnlyCollection<SearchToken> searchTokens, int? expectedVersionId = null, CancellationToken cancellationToken = default) =>
        create().Over(inner).UpdateAsync(resourceType, id, json, searchTokens, expectedVersionId, cancellationToken);

    public Task<StoredResource?> ReadAsync(string resourceType, string id, CancellationToken cancellationToken = default) =>
        create().Over(inner).ReadAsync(resourceType, id, cancellationToken);

    public Task<StoredResource?> ReadVersionAsync(string resourceType, string id, int versionId, CancellationToken cancellationToken = default) =>
        inner.ReadVersionAsync(resourceType, id, versionId, cancellationToken);

    public Task<IReadOnlyList<StoredResource>> HistoryAsync(string resourceType, string id, CancellationToken cancellationToken = default) =>
        inner.HistoryAsync(resourceType, id, cancellationToken);

    public Task<DeleteResult> DeleteAsync(string resourceType, string id, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(resourceType, id, cancellationToken);

    public Task<IReadOnlyList<StoredResource>> SearchAsync(string resourceType, IReadOnlyCollection<TokenCriterion> criteria, int maxResults = 100, CancellationToken cancellationToken = default) =>
        create().Over(inner).SearchAsync(resourceType, criteria, maxResults, cancellationToken);
}

internal static class InterceptedStore
{
    /// <summary>Replaces the registered <see cref="IResourceStore"/> with one whose calls go through <paramref name="create"/>'s interceptors.</summary>
    public static IServiceCollection InterceptStore<T>(this IServiceCollection services, Func<T> create) where T : InterceptedOperations
    {
        var registered = services.Last(d => d.ServiceType == typeof(IResourceStore));
        services.Remove(registered);
        services.AddSingleton<IResourceStore>(provider => new InterceptedStore<T>(
            (IResourceStore)ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!), create));
        return services;
    }
}

/// <summary>
/// Makes the next reads of a stored PAS answer (a Bundle whose first entry is a ClaimResponse) return the version before
/// the current one: what a request sees when it read just before a concurrent writer committed.
/// </summary>
internal sealed class StaleAnswerReads
{
    private readonly Lock _gate = new();
    private int _remaining;

    public void Next(int reads)
    {
        lock (_gate)
            _remaining = reads;
    }

    public InterceptedOperations Operations() => new Reads(this);

    private bool Take()
    {
        lock (_gate)
        {
            if (_remaining == 0)
                return false;
            _remaining--;
            return true;
        }
    }

    private sealed class Reads(StaleAnswerReads plan) : InterceptedOperations
    {
        public override async Task<StoredResource?> ReadAsync(string resourceType, string id, CancellationToken cancellationToken = default) =>
            await StaleAsync(await Inner.ReadAsync(resourceType, id, cancellationToken), cancellationToken);

        public override async Task<IReadOnlyList<StoredResource>> SearchAsync(string resourceType, IReadOnlyCollection<TokenCriterion> criteria, int maxResults = 100, CancellationToken cancellationToken = default)
        {
            var found = new List<StoredResource>();
            foreach (var resource in await Inner.SearchAsync(resourceType, criteria, maxResults, cancellationToken))
                found.Add((await StaleAsync(resource, cancellationToken))!);
            return found;
        }

        private async Task<StoredResource?> StaleAsync(StoredResource? current, CancellationToken ct)
        {
            if (current is not { VersionId: > 1, Json: { } json } || !IsAnswer(json) || !plan.Take())
                return current;
            return await Inner.ReadVersionAsync(current.ResourceType, current.Id, current.VersionId - 1, ct);
        }

    }

    /// <summary>A stored PAS answer: a Bundle whose first entry is a ClaimResponse.</summary>
    public static bool IsAnswer(string? json) =>
        json is not null && (string?)System.Text.Json.Nodes.JsonNode.Parse(json)?["entry"]?[0]?["resource"]?["resourceType"] == "ClaimResponse";
}

/// <summary>
/// Runs a concurrent writer once, right after the next read of a stored PAS answer and before the reader goes on: the
/// writer commits on its own connection while the reader's transaction is open (PostgreSQL; SQLite admits one writer).
/// </summary>
internal sealed class WriterAfterAnswerRead
{
    private readonly Lock _gate = new();
    private Func<Task>? _writer;

    public void Next(Func<Task> writer)
    {
        lock (_gate)
            _writer = writer;
    }

    public InterceptedOperations Operations() => new Reads(this);

    private Func<Task>? Take()
    {
        lock (_gate)
        {
            var writer = _writer;
            _writer = null;
            return writer;
        }
    }

    private sealed class Reads(WriterAfterAnswerRead plan) : InterceptedOperations
    {
        public override async Task<StoredResource?> ReadAsync(string resourceType, string id, CancellationToken cancellationToken = default)
        {
            var read = await Inner.ReadAsync(resourceType, id, cancellationToken);
            if (StaleAnswerReads.IsAnswer(read?.Json) && plan.Take() is { } writer)
                await writer();
            return read;
        }

        public override async Task<IReadOnlyList<StoredResource>> SearchAsync(string resourceType, IReadOnlyCollection<TokenCriterion> criteria, int maxResults = 100, CancellationToken cancellationToken = default)
        {
            var found = await Inner.SearchAsync(resourceType, criteria, maxResults, cancellationToken);
            if (found.Any(f => StaleAnswerReads.IsAnswer(f.Json)) && plan.Take() is { } writer)
                await writer();
            return found;
        }
    }
}
