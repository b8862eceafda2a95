using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Server.Tests.Storage;

namespace FhirPriorAuth.Server.Tests.EndToEnd;

/// <summary>
/// The payer's server as deployed: authentication on, the provider's EHR and the review desk registered as SMART
/// clients, and storage that outlives one server process (a SQLite data directory, or a PostgreSQL schema), so
/// <see cref="RestartAsync"/> brings up a new server on the same data. Notification retries and polling are fast.
/// </summary>
internal sealed class PayerServer : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Func<ValueTask> _dropStorage;

    private PayerServer(Dictionary<string, string?> storage, Func<ValueTask> dropStorage)
    {
        _dropStorage = dropStorage;
        _settings = new Dictionary<string, string?>
        {
            ["Auth:Enabled"] = "true",
            ["Subscriptions:FirstRetryDelay"] = "00:00:00.050",
            ["Subscriptions:MaxRetryDelay"] = "00:00:00.200",
            ["Subscriptions:PollInterval"] = "00:00:00.100",
            ["Subscriptions:DeliveryTimeout"] = "00:00:05",
        };
        foreach (var (key, value) in storage.Concat(Ehr.Registration(0)).Concat(Desk.Registration(1)).Concat(OtherEhr.Registration(2)))
            _settings[key] = value;
        Server = new FhirServerFactory(_settings);
        Http = Server.CreateClient();
    }

    /// <summary>The submitting system's registration.</summary>
    public SmartSystem Ehr { get; } = SmartSystem.SubmittingEhr();

    /// <summary>A second submitting system with the same scopes (another provider's EHR vendor): it must never see the first one's requests.</summary>
    public SmartSystem OtherEhr { get; } = SmartSystem.OtherSubmittingEhr();

    /// <summary>The reviewers' registration.</summary>
    public SmartSystem Desk { get; } = SmartSystem.ReviewDesk();

    /// <summary>The running server (a new one after each restart).</summary>
    public FhirServerFactory Server { get; private set; }

    /// <summary>A connection to the running server.</summary>
    public HttpClient Http { get; private set; }

    /// <summary>SQLite in a data directory of the test's own.</summary>
    public static PayerServer OnSqlite()
    {
        var data = Directory.CreateTempSubdirectory("fpa-e2e-").FullName;
        return new PayerServer(new() { ["Storage:DataDirectory"] = data }, () =>
        {
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open is left for the OS to clean from the temp folder.
            }
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>PostgreSQL in a fresh schema (skipped without <c>FPA_TEST_POSTGRES</c> locally, failed without it in CI).</summary>
    public static async Task<PayerServer> OnPostgresAsync()
    {
        var database = await PostgresTarget.CreateAsync(TestContext.Current.CancellationToken);
        return new PayerServer(new() { ["Storage:Provider"] = "postgres", ["Storage:ConnectionString"] = database.ConnectionString },
            database.DisposeAsync);
    }

    /// <summary>The provider's EHR, signed in with a fresh access token.</summary>
    public async Task<ProviderEhr> EhrSignsInAsync() => new(this, await Ehr.TokenAsync(Http));

    /// <summary>The second submitting system, signed in with a fresh access token of its own.</summary>
    public async Task<ProviderEhr> OtherEhrSignsInAsync() => new(this, await OtherEhr.TokenAsync(Http));

    /// <summary>A reviewer at the UM desk, signed in with a fresh access token.</summary>
    public async Task<ReviewDesk> ReviewerSignsInAsync() => new(this, await Desk.TokenAsync(Http));

    /// <summary>Stops the server (its background sender too) and starts a new one on the same storage and configuration.</summary>
    public async Task RestartAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        Server = new FhirServerFactory(_settings);
        Http = Server.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        await _dropStorage();
        Ehr.Dispose();
        OtherEhr.Dispose();
        Desk.Dispose();
    }
}
