using FhirPriorAuth.Server.Auth;
using FhirPriorAuth.Server.Storage.Migrations;
using FhirPriorAuth.Server.Tests.Storage;

namespace FhirPriorAuth.Server.Tests.Auth;

/// <summary>The shared auth state on both database engines: one signing key per database, each jti usable once, expiry cleanup.</summary>
public abstract class AuthStateStoreContract
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private protected abstract Task<StorageTarget> TargetAsync();

    [Fact]
    public async Task Two_instances_offering_keys_end_up_with_the_one_stored_first()
    {
        await using var target = await TargetAsync();
        var (first, second) = await TwoStoresAsync(target);

        var kept = await first.SigningKeyAsync("access-token", () => ("key-1", [1, 2, 3]), Now, Ct);
        var other = await second.SigningKeyAsync("access-token", () => ("key-2", [4, 5, 6]), Now, Ct);

        Assert.Equal("key-1", kept.KeyId);
        Assert.Equal("key-1", other.KeyId);
        Assert.Equal(kept.Pkcs8, other.Pkcs8);
    }

    [Fact]
    public async Task A_jti_used_through_one_instance_is_refused_through_another_until_it_expires()
    {
        await using var target = await TargetAsync();
        var (first, second) = await TwoStoresAsync(target);
        var expires = Now.AddMinutes(5);

        Assert.True(await first.TryUseAsync("client", "jti-1", expires, Now, Ct));
        Assert.False(await second.TryUseAsync("client", "jti-1", expires, Now.AddMinutes(1), Ct));
        Assert.True(await second.TryUseAsync("other-client", "jti-1", expires, Now, Ct));
        // Once expired the record is cleaned up (the token endpoint refuses the expired assertion on its own).
        Assert.True(await second.TryUseAsync("client", "jti-1", expires.AddMinutes(10), expires.AddSeconds(1), Ct));
    }

    [Fact]
    public async Task Concurrent_uses_of_one_jti_admit_exactly_one()
    {
        await using var target = await TargetAsync();
        var (first, second) = await TwoStoresAsync(target);
        var stores = Enumerable.Range(0, 8).Select(i => i % 2 == 0 ? first : second);

        var results = await Task.WhenAll(stores.Select(s => Task.Run(() => s.TryUseAsync("client", "raced", Now.AddMinutes(5), Now, Ct), Ct)));

        Assert.Single(results, admitted => admitted);
    }

    private static async Task<(AuthStateStore, AuthStateStore)> TwoStoresAsync(StorageTarget target)
    {
        var a = target.Open();
        var b = target.Open();
        await new SchemaMigrator(a).ApplyAsync(Ct);
        return (new AuthStateStore(a), new AuthStateStore(b));
    }
}

public sealed class SqliteAuthStateStoreTests : AuthStateStoreContract
{
    private protected override Task<StorageTarget> TargetAsync() => Task.FromResult<StorageTarget>(new SqliteTarget());
}

public sealed class PostgresAuthStateStoreTests : AuthStateStoreContract
{
    private protected override async Task<StorageTarget> TargetAsync() => await PostgresTarget.CreateAsync(TestContext.Current.CancellationToken);
}
