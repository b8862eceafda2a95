using System.Security.Cryptography;

namespace FhirPriorAuth.Server.Auth;

/// <summary>
/// The ES384 key that signs access tokens, loaded from (or first created in) the configured storage while the host
/// starts (<see cref="AuthStateStartup"/>), so tokens stay valid across restarts and between instances sharing the
/// database.
/// </summary>
public sealed class AccessTokenSigningKey : IDisposable
{
    internal const string Purpose = "access-token";

    private ECDsa? _key;
    private string? _keyId;

    internal ECDsa Key => _key ?? throw new InvalidOperationException("The access-token signing key is loaded while the host starts.");

    internal string KeyId => _keyId ?? throw new InvalidOperationException("The access-token signing key is loaded while the host starts.");

    internal async Task LoadAsync(AuthStateStore store, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (keyId, pkcs8) = await store.SigningKeyAsync(Purpose, () =>
        {
            using var created = ECDsa.Create(ECCurve.NamedCurves.nistP384);
            return (Guid.NewGuid().ToString("N"), created.ExportPkcs8PrivateKey());
        }, now, cancellationToken);
        var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(pkcs8, out _);
        _key?.Dispose();
        (_key, _keyId) = (key, keyId);
    }

    public void Dispose() => _key?.Dispose();
}

/// <summary>Loads the signing key after the schema is migrated (storage registers first) and before requests are served.</summary>
internal sealed class AuthStateStartup(AuthStateStore store, AccessTokenSigningKey key, TimeProvider time) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => key.LoadAsync(store, time.GetUtcNow(), cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
