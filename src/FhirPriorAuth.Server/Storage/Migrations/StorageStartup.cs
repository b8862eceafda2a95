namespace FhirPriorAuth.Server.Storage.Migrations;

/// <summary>
/// Migrates the schema while the host starts. <see cref="IHostedLifecycleService.StartingAsync"/> runs before any
/// hosted service's StartAsync, the web server's included, so no request meets an old schema; a failure stops start.
/// </summary>
internal sealed class StorageStartup(SchemaMigrator migrator) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken) => await migrator.ApplyAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
