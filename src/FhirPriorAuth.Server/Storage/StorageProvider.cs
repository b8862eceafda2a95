namespace FhirPriorAuth.Server.Storage;

/// <summary>The database engines the store runs on.</summary>
public enum StorageProvider
{
    /// <summary>A local file: the default, so the server runs with no setup.</summary>
    Sqlite,
    /// <summary>A PostgreSQL server, for shared or production deployments.</summary>
    Postgres,
}
