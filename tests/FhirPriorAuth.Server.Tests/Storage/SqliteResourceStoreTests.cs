using FhirPriorAuth.Server.Storage.Sql;

namespace FhirPriorAuth.Server.Tests.Storage;

/// <summary>The storage contract on SQLite, plus the settings that make its writes durable.</summary>
public sealed class SqliteResourceStoreTests : ResourceStoreContract
{
    private protected override Task<StorageTarget> CreateTargetAsync() => Task.FromResult<StorageTarget>(new SqliteTarget());

    [Fact]
    public async Task Connections_UseWal_WithFullSync_AndABusyTimeout()
    {
        await using var target = new SqliteTarget();
        var backend = Track(target.Open());
        await using var connection = await backend.OpenAsync(Ct);

        Assert.Equal("wal", await PragmaAsync(connection, "journal_mode"));
        Assert.Equal("2", await PragmaAsync(connection, "synchronous")); // 2 = FULL
        Assert.Equal("30000", await PragmaAsync(connection, "busy_timeout"));
        Assert.Equal("1", await PragmaAsync(connection, "foreign_keys"));
    }

    [Fact]
    public async Task Commits_SurviveACrash_BeforeTheWalIsCheckpointed()
    {
        await using var target = new SqliteTarget();
        var store = await OpenStoreAsync(target);
        var created = await store.CreateAsync("Claim", "{\"acknowledged\":true}", [], Ct);

        // A crash leaves the files as they are now, connections still open: the commit sits only in the WAL.
        Assert.True(new FileInfo(target.DatabaseFile + "-wal").Length > 0, "the commit should still be in the WAL");
        await using var afterCrash = new SqliteTarget();
        File.Copy(target.DatabaseFile, afterCrash.DatabaseFile);
        File.Copy(target.DatabaseFile + "-wal", afterCrash.DatabaseFile + "-wal");
        var recovered = await OpenStoreAsync(afterCrash);

        Assert.Equal("{\"acknowledged\":true}", (await recovered.ReadAsync("Claim", created.Id, Ct))!.Json);
    }

    [Fact]
    public void InMemoryDatabases_AreRefused_BecauseNothingWouldSurviveARestart()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => new SqliteBackend("Data Source=:memory:"));
        Assert.Contains("database file", failure.Message);
    }

    private static async Task<string> PragmaAsync(System.Data.Common.DbConnection connection, string name)
    {
        await using var command = connection.Command(null, $"PRAGMA {name}");
        return Convert.ToString(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture)!;
    }
}
