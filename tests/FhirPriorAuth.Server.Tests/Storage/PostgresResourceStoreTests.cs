namespace FhirPriorAuth.Server.Tests.Storage;

/// <summary>
/// The storage contract on PostgreSQL, in a fresh schema per test. Needs <c>FPA_TEST_POSTGRES</c>
/// (see .ci/postgres-setup.sh); skipped without it locally, failed without it in CI.
/// </summary>
public sealed class PostgresResourceStoreTests : ResourceStoreContract
{
    private protected override async Task<StorageTarget> CreateTargetAsync() => await PostgresTarget.CreateAsync(Ct);

    [Fact]
    public async Task Server_AcknowledgesCommitsOnlyAfterFlushingThem()
    {
        await using var target = await PostgresTarget.CreateAsync(Ct);
        var backend = Track(target.Open());
        await using var connection = await backend.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SHOW synchronous_commit";

        // The store's durability promise rests on this server default; a deployment that turns it off breaks it.
        Assert.Equal("on", await command.ExecuteScalarAsync(Ct));
    }
}
