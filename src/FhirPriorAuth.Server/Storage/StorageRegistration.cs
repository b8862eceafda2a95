using FhirPriorAuth.Server.Storage.Migrations;
using FhirPriorAuth.Server.Storage.Sql;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace FhirPriorAuth.Server.Storage;

/// <summary>Wires the configured storage backend (<c>Storage:Provider</c> = sqlite | postgres) into the host.</summary>
public static class StorageRegistration
{
    /// <summary>
    /// Registers <see cref="IResourceStore"/> on the configured backend and migrates the schema while the host starts.
    /// An unknown provider or a postgres provider without a connection string throws here, before the app runs.
    /// </summary>
    public static IServiceCollection AddFhirStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = StorageSettings.FromConfiguration(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IStorageBackend>(provider => settings.Provider switch
        {
            StorageProvider.Postgres => new PostgresBackend(settings.ConnectionString!),
            _ => new SqliteBackend(settings.SqliteConnectionString(ContentRoot(provider)), settings.WriteQueueCapacity),
        });
        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton<IResourceStore, SqlResourceStore>();
        services.AddHostedService<StorageStartup>();
        return services;
    }

    private static string ContentRoot(IServiceProvider provider) =>
        provider.GetService<IHostEnvironment>()?.ContentRootPath ?? AppContext.BaseDirectory;
}
