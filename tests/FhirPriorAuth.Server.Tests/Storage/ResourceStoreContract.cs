using System.Data.Common;
using FhirPriorAuth.Server.Storage;
using FhirPriorAuth.Server.Storage.Migrations;
using FhirPriorAuth.Server.Storage.Sql;
using Microsoft.Extensions.Logging.Abstractions;

namespace FhirPriorAuth.Server.Tests.Storage;

/// <summary>
/// What every storage backend must do. Each backend's test class derives from this and only says how to make a
/// fresh database, so SQLite and PostgreSQL run the same tests.
/// </summary>
public abstract class ResourceStoreContract : IAsyncLifetime
{
    private const string Patient = "Patient";
    private const string MemberIdSystem = "http://example.org/payer/member-id";

    private readonly List<StorageTarget> _targets = [];
    private readonly List<IStorageBackend> _backends = [];
    private StorageTarget _target = null!;

    private protected IResourceStore Store { get; private set; } = null!;

    private protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new, empty database for this backend.</summary>
    private protected abstract Task<StorageTarget> CreateTargetAsync();

    public async ValueTask InitializeAsync()
    {
        _target = await NewTargetAsync();
        Store = await OpenStoreAsync(_target);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var backend in _backends)
            await backend.DisposeAsync();
        foreach (var target in _targets)
            await target.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Create_AssignsAnIdAndVersionOne_AndReadReturnsTheBodyVerbatim()
    {
        const string json = "{ \"resourceType\": \"Patient\",\n  \"name\": [{ \"family\": \"Ünal\" }] }";

        var created = await Store.CreateAsync(Patient, json, [], Ct);
        var read = await Store.ReadAsync(Patient, created.Id, Ct);

        Assert.Matches("^[A-Za-z0-9.-]{1,64}$", created.Id);
        Assert.Equal(1, created.VersionId);
        Assert.False(created.IsDeleted);
        Assert.Equal(created, read);
        Assert.Equal(json, read!.Json);
        Assert.Equal(TimeSpan.Zero, read.LastUpdated.Offset);
        Assert.InRange(read.LastUpdated, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task Create_AssignsDistinctIds()
    {
        var first = await Store.CreateAsync(Patient, "{}", [], Ct);
        var second = await Store.CreateAsync(Patient, "{}", [], Ct);

        Assert.NotEqual(first.Id, second.Id);
    }

    [Fact]
    public async Task Read_OfAnUnknownResource_IsNull()
    {
        Assert.Null(await Store.ReadAsync(Patient, "missing", Ct));
        Assert.Null(await Store.ReadVersionAsync(Patient, "missing", 1, Ct));
        Assert.Empty(await Store.HistoryAsync(Patient, "missing", Ct));
    }

    [Fact]
    public async Task Read_DoesNotMixResourceTypes()
    {
        var created = await Store.CreateAsync(Patient, "{}", [], Ct);

        Assert.Null(await Store.ReadAsync("Coverage", created.Id, Ct));
    }

    [Fact]
    public async Task Update_IncrementsTheVersion_AndKeepsEarlierVersionsReadable()
    {
        var created = await Store.CreateAsync(Patient, "{\"v\":1}", [], Ct);

        var second = await Store.UpdateAsync(Patient, created.Id, "{\"v\":2}", [], cancellationToken: Ct);
        var third = await Store.UpdateAsync(Patient, created.Id, "{\"v\":3}", [], cancellationToken: Ct);

        Assert.Equal(UpdateStatus.Updated, second.Status);
        Assert.Equal(2, second.Resource!.VersionId);
        Assert.Equal(3, third.Resource!.VersionId);
        Assert.Equal("{\"v\":3}", (await Store.ReadAsync(Patient, created.Id, Ct))!.Json);
        Assert.Equal("{\"v\":1}", (await Store.ReadVersionAsync(Patient, created.Id, 1, Ct))!.Json);
        Assert.Equal("{\"v\":2}", (await Store.ReadVersionAsync(Patient, created.Id, 2, Ct))!.Json);
        Assert.Null(await Store.ReadVersionAsync(Patient, created.Id, 4, Ct));
        Assert.Equal([3, 2, 1], (await Store.HistoryAsync(Patient, created.Id, Ct)).Select(v => v.VersionId));
    }

    [Fact]
    public async Task Update_WithTheCurrentVersionExpected_Succeeds()
    {
        var created = await Store.CreateAsync(Patient, "{}", [], Ct);

        var updated = await Store.UpdateAsync(Patient, created.Id, "{\"v\":2}", [], expectedVersionId: 1, Ct);

        Assert.Equal(UpdateStatus.Updated, updated.Status);
        Assert.Equal(2, updated.CurrentVersionId);
    }

    [Fact]
    public async Task Update_WithAStaleVersionExpected_IsAConflict_AndWritesNothing()
    {
        var created = await Store.CreateAsync(Patient, "{\"v\":1}", [], Ct);
        await Store.UpdateAsync(Patient, created.Id, "{\"v\":2}", [], cancellationToken: Ct);

        var stale = await Store.UpdateAsync(Patient, created.Id, "{\"v\":\"lost\"}", [], expectedVersionId: 1, Ct);

        Assert.Equal(UpdateStatus.VersionConflict, stale.Status);
        Assert.Null(stale.Resource);
        Assert.Equal(2, stale.CurrentVersionId);
        var current = await Store.ReadAsync(Patient, created.Id, Ct);
        Assert.Equal(2, current!.VersionId);
        Assert.Equal("{\"v\":2}", current.Json);
    }

    [Fact]
    public async Task Update_OfAnUnknownResource_IsNotFound_AndCreatesNothing()
    {
        var result = await Store.UpdateAsync(Patient, "never-created", "{}", [], cancellationToken: Ct);

        Assert.Equal(UpdateStatus.NotFound, result.Status);
        Assert.Null(await Store.ReadAsync(Patient, "never-created", Ct));
    }

    [Fact]
    public async Task Delete_LeavesATombstoneVersion_AndHidesTheResourceFromSearch()
    {
        var token = new SearchToken("identifier", MemberIdSystem, "M-1");
        var created = await Store.CreateAsync(Patient, "{\"v\":1}", [token], Ct);

        var deleted = await Store.DeleteAsync(Patient, created.Id, Ct);

        Assert.Equal(new DeleteResult(DeleteStatus.Deleted, 2), deleted);
        var tombstone = await Store.ReadAsync(Patient, created.Id, Ct);
        Assert.True(tombstone!.IsDeleted);
        Assert.Null(tombstone.Json);
        Assert.Equal(2, tombstone.VersionId);
        Assert.Equal("{\"v\":1}", (await Store.ReadVersionAsync(Patient, created.Id, 1, Ct))!.Json);
        Assert.Empty(await Store.SearchAsync(Patient, [new TokenCriterion("identifier", MemberIdSystem, "M-1")], cancellationToken: Ct));
    }

    [Fact]
    public async Task Delete_Twice_WritesOneTombstone_AndDeleteOfUnknownIsNotFound()
    {
        var created = await Store.CreateAsync(Patient, "{}", [], Ct);
        await Store.DeleteAsync(Patient, created.Id, Ct);

        var again = await Store.DeleteAsync(Patient, created.Id, Ct);

        Assert.Equal(new DeleteResult(DeleteStatus.AlreadyDeleted, 2), again);
        Assert.Equal(2, (await Store.HistoryAsync(Patient, created.Id, Ct)).Count);
        Assert.Equal(DeleteStatus.NotFound, (await Store.DeleteAsync(Patient, "never-created", Ct)).Status);
    }

    [Fact]
    public async Task Update_AfterDelete_BringsTheResourceBack()
    {
        var created = await Store.CreateAsync(Patient, "{}", [], Ct);
        await Store.DeleteAsync(Patient, created.Id, Ct);

        var revived = await Store.UpdateAsync(Patient, created.Id, "{\"back\":true}", [], cancellationToken: Ct);

        Assert.Equal(3, revived.Resource!.VersionId);
        Assert.False((await Store.ReadAsync(Patient, created.Id, Ct))!.IsDeleted);
    }

    [Fact]
    public async Task Search_MatchesTokensBySystemAndValue()
    {
        var withSystem = await Store.CreateAsync(Patient, "{}", [new SearchToken("identifier", MemberIdSystem, "M-1")], Ct);
        var withoutSystem = await Store.CreateAsync(Patient, "{}", [new SearchToken("identifier", null, "M-1")], Ct);
        await Store.CreateAsync(Patient, "{}", [new SearchToken("identifier", MemberIdSystem, "M-2")], Ct);
        await Store.CreateAsync("Coverage", "{}", [new SearchToken("identifier", MemberIdSystem, "M-1")], Ct);

        var anySystem = await Store.SearchAsync(Patient, [new TokenCriterion("identifier", null, "M-1")], cancellationToken: Ct);
        var thatSystem = await Store.SearchAsync(Patient, [new TokenCriterion("identifier", MemberIdSystem, "M-1")], cancellationToken: Ct);
        var noSystem = await Store.SearchAsync(Patient, [new TokenCriterion("identifier", "", "M-1")], cancellationToken: Ct);
        var otherCase = await Store.SearchAsync(Patient, [new TokenCriterion("identifier", null, "m-1")], cancellationToken: Ct);

        Assert.Equal(new[] { withSystem.Id, withoutSystem.Id }.Order(StringComparer.Ordinal), anySystem.Select(r => r.Id));
        Assert.Equal([withSystem.Id], thatSystem.Select(r => r.Id));
        Assert.Equal([withoutSystem.Id], noSystem.Select(r => r.Id));
        Assert.Empty(otherCase);
    }

    [Fact]
    public async Task A_token_holding_NUL_is_kept_and_matched_exactly_on_every_engine()
    {
        // PostgreSQL text cannot hold NUL; a client-sent identifier or hookInstance may. Stored and found all the same.
        var withNul = await Store.CreateAsync(Patient, "{\"note\":\"\\u0000\"}", [new SearchToken("identifier", "urn:x\0y", "A\0%00")], Ct);
        var lookalike = await Store.CreateAsync(Patient, "{}", [new SearchToken("identifier", "urn:x", "A%00")], Ct);

        var found = await Store.SearchAsync(Patient, [new TokenCriterion("identifier", "urn:x\0y", "A\0%00")], cancellationToken: Ct);
        var other = await Store.SearchAsync(Patient, [new TokenCriterion("identifier", null, "A%00")], cancellationToken: Ct);

        Assert.Equal([withNul.Id], found.Select(r => r.Id));
        Assert.Equal([lookalike.Id], other.Select(r => r.Id));
        Assert.Equal("{\"note\":\"\\u0000\"}", (await Store.ReadAsync(Patient, withNul.Id, Ct))!.Json);
    }

    [Fact]
    public async Task Search_WithSeveralCriteria_RequiresAllOfThem()
    {
        var v1 = await Store.CreateAsync("Questionnaire", "{\"v\":1}",
            [new SearchToken("url", null, "http://example.org/q/home-oxygen"), new SearchToken("version", null, "1.0")], Ct);
        await Store.CreateAsync("Questionnaire", "{\"v\":2}",
            [new SearchToken("url", null, "http://example.org/q/home-oxygen"), new SearchToken("version", null, "2.0")], Ct);
        await Store.CreateAsync("Questionnaire", "{}",
            [new SearchToken("url", null, "http://example.org/q/other"), new SearchToken("version", null, "1.0")], Ct);

        var found = await Store.SearchAsync("Questionnaire",
            [new TokenCriterion("url", null, "http://example.org/q/home-oxygen"), new TokenCriterion("version", null, "1.0")],
            cancellationToken: Ct);

        Assert.Equal([v1.Id], found.Select(r => r.Id));
        Assert.Equal("{\"v\":1}", found[0].Json);
    }

    [Fact]
    public async Task Search_AfterUpdate_UsesTheNewTokensOnly()
    {
        var created = await Store.CreateAsync("Claim", "{}", [new SearchToken("identifier", "urn:claims", "A")], Ct);
        await Store.UpdateAsync("Claim", created.Id, "{}", [new SearchToken("identifier", "urn:claims", "B")], cancellationToken: Ct);

        Assert.Empty(await Store.SearchAsync("Claim", [new TokenCriterion("identifier", "urn:claims", "A")], cancellationToken: Ct));
        Assert.Single(await Store.SearchAsync("Claim", [new TokenCriterion("identifier", "urn:claims", "B")], cancellationToken: Ct));
    }

    [Fact]
    public async Task Search_StopsAtMaxResults_AndAcceptsRepeatedTokens()
    {
        var token = new SearchToken("status", null, "active");
        for (var i = 0; i < 3; i++)
            await Store.CreateAsync("Claim", "{}", [token, token], Ct);

        Assert.Equal(2, (await Store.SearchAsync("Claim", [new TokenCriterion("status", null, "active")], maxResults: 2, Ct)).Count);
        Assert.Equal(3, (await Store.SearchAsync("Claim", [], cancellationToken: Ct)).Count);
    }

    [Fact]
    public async Task Transaction_CommitsAllItsWritesTogether()
    {
        var existing = await Store.CreateAsync("Claim", "{}", [], Ct);

        var (request, response) = await Store.InTransactionAsync(async (tx, ct) =>
        {
            var bundle = await tx.CreateAsync("Bundle", "{\"type\":\"collection\"}", [new SearchToken("identifier", "urn:pas", "REQ-1")], ct);
            var reply = await tx.CreateAsync("ClaimResponse", "{}", [], ct);
            await tx.UpdateAsync("Claim", existing.Id, "{\"v\":2}", [], 1, ct);
            // Writes are visible to the rest of the same transaction.
            Assert.NotNull(await tx.ReadAsync("Bundle", bundle.Id, ct));
            return (bundle, reply);
        }, Ct);

        Assert.NotNull(await Store.ReadAsync("Bundle", request.Id, Ct));
        Assert.NotNull(await Store.ReadAsync("ClaimResponse", response.Id, Ct));
        Assert.Equal(2, (await Store.ReadAsync("Claim", existing.Id, Ct))!.VersionId);
    }

    [Fact]
    public async Task Transaction_ThatFails_KeepsNoneOfItsWrites()
    {
        var existing = await Store.CreateAsync("Claim", "{\"v\":1}", [new SearchToken("identifier", "urn:claims", "C-1")], Ct);
        string? createdId = null;

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => Store.InTransactionAsync<int>(async (tx, ct) =>
        {
            createdId = (await tx.CreateAsync("Bundle", "{}", [new SearchToken("identifier", "urn:pas", "REQ-2")], ct)).Id;
            await tx.UpdateAsync("Claim", existing.Id, "{\"v\":2}", [new SearchToken("identifier", "urn:claims", "C-2")], null, ct);
            await tx.DeleteAsync("Claim", existing.Id, ct);
            throw new InvalidOperationException("response could not be built");
        }, Ct));

        Assert.Equal("response could not be built", failure.Message);
        Assert.NotNull(createdId);
        Assert.Null(await Store.ReadAsync("Bundle", createdId, Ct));
        Assert.Empty(await Store.SearchAsync("Bundle", [new TokenCriterion("identifier", "urn:pas", "REQ-2")], cancellationToken: Ct));
        var claim = await Store.ReadAsync("Claim", existing.Id, Ct);
        Assert.Equal((1, false, "{\"v\":1}"), (claim!.VersionId, claim.IsDeleted, claim.Json));
        Assert.Single(await Store.SearchAsync("Claim", [new TokenCriterion("identifier", "urn:claims", "C-1")], cancellationToken: Ct));
        Assert.Single(await Store.HistoryAsync("Claim", existing.Id, Ct));
    }

    [Fact]
    public async Task Transaction_OperationsCannotBeUsedAfterItEnds()
    {
        var leaked = await Store.InTransactionAsync((tx, _) => Task.FromResult(tx), Ct);

        await Assert.ThrowsAsync<ObjectDisposedException>(() => leaked.CreateAsync(Patient, "{}", [], Ct));
    }

    [Fact]
    public async Task ConcurrentWriters_AllSucceed_AndEveryUpdateGetsItsOwnVersion()
    {
        const int writers = 8;
        const int createsEach = 10;
        var shared = await Store.CreateAsync("Claim", "{}", [], Ct);

        var creates = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < createsEach; i++)
                await Store.CreateAsync(Patient, "{}", [new SearchToken("batch", null, "concurrent")], Ct);
        }, Ct));
        var updates = Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 5; i++)
                Assert.Equal(UpdateStatus.Updated, (await Store.UpdateAsync("Claim", shared.Id, "{}", [], cancellationToken: Ct)).Status);
        }, Ct));
        await Task.WhenAll(creates.Concat(updates));

        var found = await Store.SearchAsync(Patient, [new TokenCriterion("batch", null, "concurrent")], maxResults: 1000, Ct);
        Assert.Equal(writers * createsEach, found.Count);
        Assert.Equal(1 + writers * 5, (await Store.ReadAsync("Claim", shared.Id, Ct))!.VersionId);
        Assert.Equal(Enumerable.Range(1, 1 + writers * 5).Reverse(), (await Store.HistoryAsync("Claim", shared.Id, Ct)).Select(v => v.VersionId));
    }

    [Fact]
    public async Task ConcurrentUpdates_ExpectingTheSameVersion_LetExactlyOneWin()
    {
        var created = await Store.CreateAsync("Claim", "{}", [], Ct);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            Task.Run(() => Store.UpdateAsync("Claim", created.Id, $"{{\"writer\":{i}}}", [], expectedVersionId: 1, Ct), Ct)));

        Assert.Single(results, r => r.Status == UpdateStatus.Updated);
        Assert.Equal(5, results.Count(r => r.Status == UpdateStatus.VersionConflict && r.CurrentVersionId == 2));
        Assert.Equal(2, (await Store.ReadAsync("Claim", created.Id, Ct))!.VersionId);
    }

    [Fact]
    public async Task Data_SurvivesClosingAndReopeningTheStore()
    {
        var created = await Store.CreateAsync("Claim", "{\"kept\":true}", [new SearchToken("identifier", "urn:claims", "R-1")], Ct);
        await Store.UpdateAsync("Claim", created.Id, "{\"kept\":2}", [new SearchToken("identifier", "urn:claims", "R-1")], cancellationToken: Ct);
        foreach (var backend in _backends)
            await backend.DisposeAsync();
        _backends.Clear();

        var reopened = await OpenStoreAsync(_target);

        var read = await reopened.ReadAsync("Claim", created.Id, Ct);
        Assert.Equal((2, "{\"kept\":2}"), (read!.VersionId, read.Json));
        Assert.Equal("{\"kept\":true}", (await reopened.ReadVersionAsync("Claim", created.Id, 1, Ct))!.Json);
        Assert.Single(await reopened.SearchAsync("Claim", [new TokenCriterion("identifier", "urn:claims", "R-1")], cancellationToken: Ct));
    }

    [Fact]
    public async Task Migrations_AppliedAgain_ChangeNothing()
    {
        var backend = _backends[0];

        var again = await new SchemaMigrator(backend).ApplyAsync(Ct);

        Assert.Empty(again);
        Assert.Equal(backend.Migrations.Select(m => m.Version), await AppliedVersionsAsync(backend));
    }

    [Fact]
    public async Task Migrations_StartedConcurrentlyOnAFreshDatabase_ApplyEachVersionOnce()
    {
        var fresh = await NewTargetAsync();
        var backends = Enumerable.Range(0, 4).Select(_ => Track(fresh.Open())).ToList();

        var runs = await Task.WhenAll(backends.Select(b => Task.Run(() => new SchemaMigrator(b).ApplyAsync(Ct), Ct)));

        Assert.Single(runs, applied => applied.Count > 0);
        Assert.Equal(backends[0].Migrations.Select(m => m.Version), runs.Single(applied => applied.Count > 0));
        Assert.Equal(backends[0].Migrations.Select(m => m.Version), await AppliedVersionsAsync(backends[0]));
    }

    [Fact]
    public async Task Migrations_RefuseADatabaseFromANewerServer()
    {
        var backend = _backends[0];
        await using (var connection = await backend.OpenAsync(Ct))
        await using (var command = connection.Command(null, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, 'future', @at)")
                         .With("@v", 9999).With("@at", backend.ToDbTimestamp(DateTimeOffset.UtcNow)))
        {
            await command.ExecuteNonQueryAsync(Ct);
        }

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => new SchemaMigrator(backend).ApplyAsync(Ct));
        Assert.Contains("9999", failure.Message);
    }

    [Fact]
    public async Task MalformedTypesAndIds_AreRejected()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.CreateAsync("patient; DROP TABLE resources", "{}", [], Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ReadAsync(Patient, "has space", Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ReadAsync(Patient, new string('a', 65), Ct));
    }

    private protected IStorageBackend Track(IStorageBackend backend)
    {
        _backends.Add(backend);
        return backend;
    }

    private async Task<StorageTarget> NewTargetAsync()
    {
        var target = await CreateTargetAsync();
        _targets.Add(target);
        return target;
    }

    private protected async Task<IResourceStore> OpenStoreAsync(StorageTarget target)
    {
        var backend = Track(target.Open());
        await new SchemaMigrator(backend).ApplyAsync(Ct);
        return new SqlResourceStore(backend, TimeProvider.System, NullLogger<SqlResourceStore>.Instance);
    }

    private static async Task<List<int>> AppliedVersionsAsync(IStorageBackend backend)
    {
        await using var connection = await backend.OpenAsync(Ct);
        await using var command = connection.Command(null, "SELECT version FROM schema_migrations ORDER BY version");
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var versions = new List<int>();
        while (await reader.ReadAsync(Ct))
            versions.Add(reader.GetInt32(0));
        return versions;
    }
}
