using FhirPriorAuth.Server.Storage;
using FhirPriorAuth.Server.Storage.Sql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FhirPriorAuth.Server.Tests.Storage;

/// <summary>How the host picks and starts the configured backend.</summary>
public sealed class StorageRegistrationTests : IDisposable
{
    private readonly string _contentRoot = Directory.CreateTempSubdirectory("fpa-host-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_contentRoot, recursive: true);

    [Fact]
    public async Task WithNoSettings_SqliteInTheDataFolderIsMigratedAtStart_AndServes()
    {
        using var host = BuildHost([]);

        await host.StartAsync(Ct);
        var backend = host.Services.GetRequiredService<IStorageBackend>();
        var store = host.Services.GetRequiredService<IResourceStore>();
        var created = await store.CreateAsync("Patient", "{}", [], Ct);
        await host.StopAsync(Ct);

        Assert.Equal(StorageProvider.Sqlite, backend.Provider);
        Assert.Equal(Path.Combine(_contentRoot, "data", "fhirpriorauth.db"), ((SqliteBackend)backend).DatabaseFile);
        Assert.True(File.Exists(((SqliteBackend)backend).DatabaseFile));
        Assert.Equal(1, created.VersionId);
    }

    [Fact]
    public void DataDirectory_IsResolvedAgainstTheContentRoot()
    {
        using var host = BuildHost(new() { ["Storage:Provider"] = "SQLite", ["Storage:DataDirectory"] = "state/db" });

        var backend = (SqliteBackend)host.Services.GetRequiredService<IStorageBackend>();

        Assert.Equal(Path.Combine(_contentRoot, "state", "db", "fhirpriorauth.db"), backend.DatabaseFile);
        Assert.True(Directory.Exists(Path.Combine(_contentRoot, "state", "db")));
    }

    [Fact]
    public void PostgresProvider_IsPickedFromConfiguration_WithoutConnectingYet()
    {
        using var host = BuildHost(new()
        {
            ["Storage:Provider"] = "postgres",
            ["Storage:ConnectionString"] = "Host=127.0.0.1;Port=1;Username=nobody;Database=none",
        });

        var backend = host.Services.GetRequiredService<IStorageBackend>();

        Assert.IsType<PostgresBackend>(backend);
        Assert.False(Directory.Exists(Path.Combine(_contentRoot, "data")));
    }

    [Fact]
    public void UnknownProvider_FailsAtRegistration_NamingTheSetting()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => BuildHost(new() { ["Storage:Provider"] = "mongodb" }));

        Assert.Contains("Storage:Provider", failure.Message);
        Assert.Contains("mongodb", failure.Message);
    }

    [Fact]
    public void PostgresWithoutConnectionString_FailsAtRegistration()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => BuildHost(new() { ["Storage:Provider"] = "postgres" }));

        Assert.Contains("Storage:ConnectionString", failure.Message);
    }

    [Fact]
    public async Task PostgresHost_IsMigratedAtStart_AndServes()
    {
        await using var target = await PostgresTarget.CreateAsync(Ct);
        using var host = BuildHost(new() { ["Storage:Provider"] = "postgres", ["Storage:ConnectionString"] = target.ConnectionString });

        await host.StartAsync(Ct);
        var store = host.Services.GetRequiredService<IResourceStore>();
        var created = await store.CreateAsync("Claim", "{}", [new SearchToken("identifier", "urn:claims", "H-1")], Ct);
        var found = await store.SearchAsync("Claim", [new TokenCriterion("identifier", "urn:claims", "H-1")], cancellationToken: Ct);
        await host.StopAsync(Ct);

        Assert.Equal([created.Id], found.Select(r => r.Id));
    }

    private IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = _contentRoot,
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddFhirStorage(builder.Configuration);
        return builder.Build();
    }
}
