using System.Net;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Server.Tests.Pas;
using FhirPriorAuth.Server.Tests.Pas.Pas201;
using FhirPriorAuth.Server.Tests.Subscriptions;

namespace FhirPriorAuth.Server.Tests.EndToEnd;

/// <summary>The provider's EHR at work: submits PAS requests, inquires about them and subscribes to their answers, always with its own token.</summary>
internal sealed class ProviderEhr(PayerServer payer, string token)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public string Token { get; } = token;

    /// <summary><c>Claim/$submit</c>; returns the ClaimResponse of the answer.</summary>
    public async Task<JsonObject> SubmitAsync(JsonObject request)
    {
        var response = await payer.Http.SendAsync(SmartSystem.Authorized(FhirRequests.Post(PasClient.Submit, request.ToJsonString()), Token), Ct);
        return PasClient.ClaimResponse(await ReadAsync(response, HttpStatusCode.OK));
    }

    /// <summary><c>Claim/$inquire</c> with the request as the example; returns the ClaimResponse of each answer found.</summary>
    public async Task<IReadOnlyList<JsonObject>> InquireAsync(JsonObject request)
    {
        var response = await payer.Http.SendAsync(SmartSystem.Authorized(FhirRequests.Post("/fhir/Claim/$inquire", request.ToJsonString()), Token), Ct);
        var parameters = await ReadAsync(response, HttpStatusCode.OK);
        Assert.Equal("Parameters", (string?)parameters["resourceType"]);
        return [.. (parameters["parameter"] as JsonArray ?? []).Select(p => PasClient.ClaimResponse(p!["resource"]!.AsObject()))];
    }

    /// <summary>The one current answer <c>$inquire</c> finds for the request.</summary>
    public async Task<JsonObject> InquireOneAsync(JsonObject request) => Assert.Single(await InquireAsync(request));

    /// <summary>Creates a full-resource PAS Subscription to <paramref name="endpoint"/> and waits until the handshake made it active.</summary>
    public async Task<string> SubscribeAsync(NotificationListener listener)
    {
        var created = await SubscriptionClient.CreateAsync(payer.Http, SubscriptionClient.Subscription(listener.Endpoint), Token);
        Assert.Equal("requested", (string?)created["status"]);
        var handshake = await listener.NextAsync();
        Assert.Equal("handshake", handshake.Type);
        var id = (string)created["id"]!;
        await SubscriptionClient.WaitForStatusAsync(payer.Http, id, "active", Token);
        return id;
    }

    /// <summary>PAS 2.0.1: <c>Claim/$submit</c> on the 2.0.1 base; returns the ClaimResponse of the answer.</summary>
    public async Task<JsonObject> Submit201Async(JsonObject request)
    {
        var response = await payer.Http.SendAsync(SmartSystem.Authorized(FhirRequests.Post(Pas201Client.Submit, request.ToJsonString()), Token), Ct);
        return PasClient.ClaimResponse(await ReadAsync(response, HttpStatusCode.OK));
    }

    /// <summary>PAS 2.0.1: <c>Claim/$inquire</c> on the 2.0.1 base, which answers with one Bundle; returns its ClaimResponses.</summary>
    public async Task<IReadOnlyList<JsonObject>> Inquire201Async(JsonObject request)
    {
        var response = await payer.Http.SendAsync(SmartSystem.Authorized(FhirRequests.Post(Pas201Client.Inquire, request.ToJsonString()), Token), Ct);
        return Pas201Client.ClaimResponses(await ReadAsync(response, HttpStatusCode.OK));
    }

    /// <summary>PAS 2.0.1: a Subscription on the 2.0.1 base (its notifications are id-only), active once the handshake arrived.</summary>
    public async Task<string> Subscribe201Async(NotificationListener listener)
    {
        var response = await SubscriptionClient.SendAsync(payer.Http, HttpMethod.Post, Pas201Client.Base + "/Subscription",
            SubscriptionClient.Subscription(listener.Endpoint, "id-only"), Token);
        var created = await SubscriptionClient.ReadAsync(response, HttpStatusCode.Created);
        Assert.Equal("handshake", (await listener.NextAsync()).Type);
        var id = (string)created["id"]!;
        await SubscriptionClient.WaitForStatusAsync(payer.Http, id, "active", Token);
        return id;
    }

    /// <summary>Sends any request with the EHR's token (to show what it may not do).</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => payer.Http.SendAsync(SmartSystem.Authorized(request, Token), Ct);

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal(FhirAssert.FhirJson, response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text)!.AsObject();
    }
}
