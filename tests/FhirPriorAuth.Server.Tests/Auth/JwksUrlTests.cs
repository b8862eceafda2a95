using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FhirPriorAuth.Server.Tests.Auth;

/// <summary>A client that publishes its keys at a URL, served by a real listener on loopback.</summary>
public sealed class JwksUrlTests : IAsyncDisposable
{
    private readonly TestClient _client = new();
    private WebApplication? _keyHost;
    private int _fetches;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Given_AClientWithAJwksUrl_When_RequestingTokensTwice_Then_BothAreIssuedAndTheKeysFetchedOnce()
    {
        var url = await StartKeyHostAsync();
        await using var server = SmartRequests.Server(_client, extra: new() { ["Auth:Clients:0:Jwks"] = null, ["Auth:Clients:0:JwksUrl"] = url });
        var http = server.CreateClient();

        await SmartRequests.Token(await SmartRequests.RequestToken(http, _client.Sign("ES384")));
        await SmartRequests.Token(await SmartRequests.RequestToken(http, _client.Sign("RS384")));

        Assert.Equal(1, _fetches);
    }

    [Fact]
    public async Task Given_AClientWithAJwksUrl_When_TheAssertionNamesAKidItDoesNotPublish_Then_InvalidClient()
    {
        var url = await StartKeyHostAsync();
        await using var server = SmartRequests.Server(_client, extra: new() { ["Auth:Clients:0:Jwks"] = null, ["Auth:Clients:0:JwksUrl"] = url });

        var response = await SmartRequests.RequestToken(server.CreateClient(), _client.Sign("RS384", kid: "rotated-away"));

        Assert.Equal("invalid_client", await SmartRequests.Error(response, HttpStatusCode.Unauthorized));
    }

    private async Task<string> StartKeyHostAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _keyHost = builder.Build();
        _keyHost.MapGet("/jwks.json", () =>
        {
            Interlocked.Increment(ref _fetches);
            return Results.Text(_client.Jwks, "application/json");
        });
        await _keyHost.StartAsync(Ct);
        var address = _keyHost.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return address + "/jwks.json";
    }

    public async ValueTask DisposeAsync()
    {
        if (_keyHost is not null)
            await _keyHost.DisposeAsync();
        _client.Dispose();
    }
}
