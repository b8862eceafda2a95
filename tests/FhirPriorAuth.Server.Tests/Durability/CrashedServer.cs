using FhirPriorAuth.Server.Tests.Auth;
using FhirPriorAuth.Server.Tests.CdsHooks.Security;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Server.Tests.Storage;
using FhirPriorAuth.Server.Tests.Subscriptions;

namespace FhirPriorAuth.Server.Tests.Durability;

/// <summary>
/// One server process per backend, shared by the tests of a class (each start costs seconds): started on first use,
/// killed with SIGKILL and restarted on the same database by each test, removed with its database after the class.
/// Authentication is on, as in production: one SMART client registered for every scope gets its access token once,
/// from the first process, and uses it across every kill (the signing key is stored); CDS calls carry a fresh JWT of
/// a trusted EHR. A subscriber's endpoint listens on a real socket; retries are fast and many, so a notification
/// that failed before a kill is still pending, not given up, when the new process starts.
/// </summary>
public abstract class CrashedServer : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private const string ClientId = "crash-tests";
    private const string Scopes = "system/*.cruds system/Task.rus"; // review needs Task by name, a wildcard does not open it
    private readonly TestClient _client = new();
    private readonly TestEhr _ehr = new();
    private string? _accessToken;
    private KillableServer? _server;
    private Func<ValueTask>? _dropStorage;

    /// <summary>The subscriber's endpoint (set once the server runs).</summary>
    internal NotificationListener Listener { get; private set; } = null!;

    /// <summary>The running server, started (and its database made) on the first call.</summary>
    internal async Task<KillableServer> ServerAsync()
    {
        await _gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (_server is not null)
                return _server;
            var (storage, drop) = await StorageAsync();
            _dropStorage = drop;
            Listener = await NotificationListener.StartAsync();
            var settings = new Dictionary<string, string>(storage)
            {
                ["Auth:Enabled"] = "true",
                ["Auth:AccessTokenLifetimeSeconds"] = "3600",
                ["CdsHooks:TrustedClients:0:Issuer"] = TestEhr.Issuer,
                ["CdsHooks:TrustedClients:0:Jwks"] = _ehr.Jwks,
                ["Subscriptions:MaxAttempts"] = "100",
                ["Subscriptions:FirstRetryDelay"] = "00:00:00.050",
                ["Subscriptions:MaxRetryDelay"] = "00:00:00.200",
                ["Subscriptions:PollInterval"] = "00:00:00.100",
                ["Subscriptions:DeliveryTimeout"] = "00:00:05",
            };
            settings["Auth:Clients:0:ClientId"] = ClientId;
            settings["Auth:Clients:0:Jwks"] = _client.Jwks;
            settings["Auth:Clients:0:Scopes"] = Scopes;
            var server = await KillableServer.StartAsync(settings, Credentials);
            try
            {
                _accessToken = await AccessTokenAsync(server);
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
            return _server = server;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>SMART Backend Services: a client assertion for this server's token endpoint, exchanged for an access token.</summary>
    private async Task<string> AccessTokenAsync(KillableServer server)
    {
        var claims = TestClient.Claims();
        claims["iss"] = claims["sub"] = ClientId;
        claims["aud"] = server.BaseUrl + "/auth/token";
        var token = await SmartRequests.Token(await SmartRequests.RequestToken(server.Http, _client.Sign("ES384", claims), Scopes));
        return token.GetProperty("access_token").GetString()!;
    }

    /// <summary>A CDS Hooks call or feedback: a JWT for its URL, used once. Anything else: the SMART access token (none yet for /auth/token).</summary>
    private string? Credentials(HttpRequestMessage request, string baseUrl)
    {
        var path = request.RequestUri!.IsAbsoluteUri ? request.RequestUri.AbsolutePath : request.RequestUri.OriginalString;
        return path.StartsWith("/cds-services/", StringComparison.Ordinal)
            ? _ehr.Sign("ES384", TestEhr.Claims(DateTimeOffset.UtcNow, baseUrl + path))
            : _accessToken;
    }

    /// <summary>The storage settings of a fresh database, and how to remove it.</summary>
    private protected abstract Task<(Dictionary<string, string> Settings, Func<ValueTask> Drop)> StorageAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        if (Listener is not null)
            await Listener.DisposeAsync();
        if (_dropStorage is not null)
            await _dropStorage();
        _gate.Dispose();
        _client.Dispose();
        _ehr.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>SQLite in a data directory of its own (WAL, as in production).</summary>
public sealed class CrashedSqliteServer : CrashedServer
{
    private protected override Task<(Dictionary<string, string> Settings, Func<ValueTask> Drop)> StorageAsync()
    {
        var data = Directory.CreateTempSubdirectory("fpa-crash-").FullName;
        return Task.FromResult<(Dictionary<string, string>, Func<ValueTask>)>((new() { ["Storage:DataDirectory"] = data }, () =>
        {
            Directory.Delete(data, recursive: true);
            return ValueTask.CompletedTask;
        }));
    }
}

/// <summary>PostgreSQL in a fresh schema (the test skips without <c>FPA_TEST_POSTGRES</c> locally and fails without it in CI).</summary>
public sealed class CrashedPostgresServer : CrashedServer
{
    private protected override async Task<(Dictionary<string, string> Settings, Func<ValueTask> Drop)> StorageAsync()
    {
        var database = await PostgresTarget.CreateAsync(TestContext.Current.CancellationToken);
        return (new() { ["Storage:Provider"] = "postgres", ["Storage:ConnectionString"] = database.ConnectionString }, database.DisposeAsync);
    }
}
