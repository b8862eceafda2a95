using FhirPriorAuth.Server.Storage.Sql;

namespace FhirPriorAuth.Server.Auth;

/// <summary>
/// The authorization server's own state in the configured database (tables <c>signing_keys</c> and
/// <c>replay_markers</c>), so every instance on one database signs with the same key and sees the same used
/// assertions, and a restart changes neither. The private key is stored as PKCS#8 in the clear: whoever can read
/// this database can already read every authorization it holds; protect the database accordingly.
/// </summary>
public sealed class AuthStateStore
{
    private readonly IStorageBackend _backend;

    internal AuthStateStore(IStorageBackend backend) => _backend = backend;

    /// <summary>
    /// The stored key for <paramref name="purpose"/>; when there is none, <paramref name="create"/> makes one and it
    /// is stored. Instances starting together each offer a key and all end up with the one stored first.
    /// </summary>
    public async Task<(string KeyId, byte[] Pkcs8)> SigningKeyAsync(string purpose, Func<(string KeyId, byte[] Pkcs8)> create,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _backend.OpenAsync(cancellationToken);
        if (await ReadKeyAsync(connection, null, purpose, cancellationToken) is { } existing)
            return existing;
        var (keyId, pkcs8) = create();
        await using var transaction = await _backend.BeginWriteAsync(connection, cancellationToken);
        await using (var insert = connection.Command(transaction, """
                         INSERT INTO signing_keys (purpose, key_id, private_key, created_at) VALUES (@purpose, @keyId, @key, @created)
                         ON CONFLICT (purpose) DO NOTHING
                         """)
                         .With("@purpose", purpose).With("@keyId", keyId).With("@key", Convert.ToBase64String(pkcs8))
                         .With("@created", _backend.ToDbTimestamp(now)))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        var stored = await ReadKeyAsync(connection, transaction, purpose, cancellationToken)
            ?? throw new InvalidOperationException("The signing key could not be stored.");
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    /// <summary>
    /// Records a used (client, jti) pair until <paramref name="expires"/>; false when it was recorded before (a replay),
    /// by this instance or any other. Expired records are removed on the way.
    /// </summary>
    public async Task<bool> TryUseAsync(string clientId, string jti, DateTimeOffset expires, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // On SQLite through the process's write queue: committed with other requests' writes, never waiting in the busy
        // handler; still durable before the answer, and the primary key still decides between instances.
        if (_backend is SqliteBackend sqlite)
            return await sqlite.Writer.RunAsync((connection, transaction, ct) => UseAsync(connection, transaction, clientId, jti, expires, now, ct),
                cancellationToken);
        await using var connection = await _backend.OpenAsync(cancellationToken);
        await using var transaction = await _backend.BeginWriteAsync(connection, cancellationToken);
        var used = await UseAsync(connection, transaction, clientId, jti, expires, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return used;
    }

    private async Task<bool> UseAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction,
        string clientId, string jti, DateTimeOffset expires, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using (var purge = connection.Command(transaction, "DELETE FROM replay_markers WHERE expires_at < @now")
                         .With("@now", _backend.ToDbTimestamp(now)))
        {
            await purge.ExecuteNonQueryAsync(cancellationToken);
        }
        // The primary key decides: of two instances inserting the same pair, the second inserts nothing.
        int inserted;
        await using (var insert = connection.Command(transaction, """
                         INSERT INTO replay_markers (client_id, jti, expires_at) VALUES (@client, @jti, @expires)
                         ON CONFLICT (client_id, jti) DO NOTHING
                         """)
                         .With("@client", clientId).With("@jti", jti).With("@expires", _backend.ToDbTimestamp(expires)))
        {
            inserted = await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        return inserted == 1;
    }

    private static async Task<(string KeyId, byte[] Pkcs8)?> ReadKeyAsync(System.Data.Common.DbConnection connection,
        System.Data.Common.DbTransaction? transaction, string purpose, CancellationToken cancellationToken)
    {
        await using var select = connection.Command(transaction, "SELECT key_id, private_key FROM signing_keys WHERE purpose = @purpose")
            .With("@purpose", purpose);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            return null;
        return (reader.GetString(0), Convert.FromBase64String(reader.GetString(1)));
    }
}
