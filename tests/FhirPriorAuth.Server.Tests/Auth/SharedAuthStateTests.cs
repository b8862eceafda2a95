using System.Net;
using FhirPriorAuth.Server.Tests.Infrastructure;

namespace FhirPriorAuth.Server.Tests.Auth;

/// <summary>
/// The signing key and the used client assertions live in the configured storage: a token survives a restart, and
/// an assertion used against one instance is refused by another on the same database.
/// </summary>
public sealed class SharedAuthStateTests : IDisposable
{
    private readonly TestClient _client = new();
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("fpa-auth-state-").FullName;

    [Fact]
    public async Task Given_ATokenIssuedBeforeARestart_When_UsedAfterIt_Then_ItIsStillAccepted()
    {
        string accessToken;
        await using (var before = Server())
            accessToken = (await SmartRequests.Token(await SmartRequests.RequestToken(before.CreateClient(), _client.Sign("ES384"))))
                .GetProperty("access_token").GetString()!;

        await using var after = Server();
        var response = await SmartRequests.Validate(after.CreateClient(), accessToken);

        await FhirAssert.OperationOutcome(response, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Given_TwoInstancesOnOneDatabase_When_ATokenFromOneIsShownToTheOther_Then_ItIsAccepted()
    {
        await using var first = Server();
        await using var second = Server();
        var accessToken = (await SmartRequests.Token(await SmartRequests.RequestToken(first.CreateClient(), _client.Sign("RS384"))))
            .GetProperty("access_token").GetString()!;

        await FhirAssert.OperationOutcome(await SmartRequests.Validate(second.CreateClient(), accessToken), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Given_AnAssertionUsedAtOneInstance_When_ReplayedAtAnother_Then_InvalidClient()
    {
        await using var first = Server();
        await using var second = Server();
        var assertion = _client.Sign("ES384");
        await SmartRequests.Token(await SmartRequests.RequestToken(first.CreateClient(), assertion));

        var replay = await SmartRequests.RequestToken(second.CreateClient(), assertion);

        Assert.Equal("invalid_client", await SmartRequests.Error(replay, HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Given_AnAssertionUsedBeforeARestart_When_ReplayedAfterIt_Then_InvalidClient()
    {
        var assertion = _client.Sign("RS384");
        await using (var before = Server())
            await SmartRequests.Token(await SmartRequests.RequestToken(before.CreateClient(), assertion));

        await using var after = Server();
        var replay = await SmartRequests.RequestToken(after.CreateClient(), assertion);

        Assert.Equal("invalid_client", await SmartRequests.Error(replay, HttpStatusCode.Unauthorized));
    }

    private FhirServerFactory Server() =>
        SmartRequests.Server(_client, extra: new Dictionary<string, string?> { ["Storage:DataDirectory"] = _dataDirectory });

    public void Dispose()
    {
        _client.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left for the OS to clean from the temp folder.
        }
    }
}
