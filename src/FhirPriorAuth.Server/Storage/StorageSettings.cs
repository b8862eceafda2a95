using Microsoft.Data.Sqlite;

namespace FhirPriorAuth.Server.Storage;

/// <summary>
/// Reads the <c>Storage</c> configuration section:
/// <c>Storage:Provider</c> = <c>sqlite</c> (default) | <c>postgres</c>;
/// <c>Storage:ConnectionString</c> (required for postgres; for sqlite it overrides the default file);
/// <c>Storage:DataDirectory</c> (sqlite only, default <c>data</c> under the content root);
/// <c>Storage:WriteQueueCapacity</c> (sqlite only): transactions that may wait for the writer before further writes
/// are refused with 503 (default 1000).
/// </summary>
internal sealed record StorageSettings(StorageProvider Provider, string? ConnectionString, string DataDirectory)
{
    public const int DefaultWriteQueueCapacity = 1000;

    public int WriteQueueCapacity { get; init; } = DefaultWriteQueueCapacity;

    public const string SectionName = "Storage";
    public const string DatabaseFileName = "fhirpriorauth.db";

    /// <summary>Validates what can be checked without touching the disk or the network, so a bad setting stops start.</summary>
    public static StorageSettings FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        var provider = ParseProvider(section["Provider"]);
        var connectionString = section["ConnectionString"];
        if (provider == StorageProvider.Postgres && string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException("Storage:Provider is 'postgres' but Storage:ConnectionString is not set.");
        var dataDirectory = section["DataDirectory"];
        var capacity = section.GetValue("WriteQueueCapacity", DefaultWriteQueueCapacity);
        if (capacity < 1)
            throw new InvalidOperationException("Storage:WriteQueueCapacity must be at least 1.");
        return new StorageSettings(provider, string.IsNullOrWhiteSpace(connectionString) ? null : connectionString,
            string.IsNullOrWhiteSpace(dataDirectory) ? "data" : dataDirectory) { WriteQueueCapacity = capacity };
    }

    public static StorageProvider ParseProvider(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "sqlite" => StorageProvider.Sqlite,
        "postgres" or "postgresql" => StorageProvider.Postgres,
        _ => throw new InvalidOperationException(
            $"Storage:Provider '{value}' is not supported; use 'sqlite' (the default) or 'postgres'."),
    };

    /// <summary>
    /// The SQLite connection string: the configured one, or a file in the data folder (created if missing),
    /// resolved against the content root when relative.
    /// </summary>
    public string SqliteConnectionString(string contentRoot)
    {
        if (ConnectionString is not null)
            return ConnectionString;
        var folder = Path.GetFullPath(DataDirectory, contentRoot);
        Directory.CreateDirectory(folder);
        return new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, DatabaseFileName) }.ToString();
    }
}
