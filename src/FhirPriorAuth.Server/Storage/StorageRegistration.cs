namespace FhirPriorAuth.Server.Storage;

/// <summary>Wires the configured storage backend (<c>Storage:Provider</c> = sqlite | postgres) into the host.</summary>
public static class StorageRegistration
{
    public static IServiceCollection AddFhirStorage(this IServiceCollection services, IConfiguration configuration)
    {
        // Filled in by the storage work: repositories, migrations applied at start.
        return services;
    }
}
