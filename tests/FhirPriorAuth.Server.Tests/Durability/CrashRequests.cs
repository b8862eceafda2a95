using System.Net;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Server.Tests.Pas;
using FhirPriorAuth.Server.Tests.Pas.Review;

namespace FhirPriorAuth.Server.Tests.Durability;

/// <summary>What the crash tests send and read, over HTTP only (they hold whatever the write path does inside).</summary>
internal static class CrashRequests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// The request filed under a member id of its own, so tests sharing one database never find each other's
    /// requests (<c>$inquire</c> and resend detection go by member, provider and request identifier).
    /// </summary>
    public static JsonObject ForMember(this JsonObject request, string member)
    {
        foreach (var resource in request["entry"]!.AsArray().Select(e => e!["resource"]!.AsObject()))
        {
            if ((string?)resource["resourceType"] == "Coverage")
                resource["subscriberId"] = member;
        }
        ClaimUpdates.Claim(request)["identifier"] = new JsonArray(new JsonObject { ["system"] = "http://ehr.example.org/pas-request", ["value"] = "req-" + member });
        return request;
    }

    /// <summary>A member id no other test (or earlier run on the same database) uses.</summary>
    public static string NewMember() => "M" + Guid.NewGuid().ToString("N")[..12];

    public static async Task<JsonObject> SubmitAsync(KillableServer server, JsonObject request) =>
        PasClient.ClaimResponse(await PasClient.SubmitAsync(server.Http, request));

    /// <summary>The one current answer <c>$inquire</c> finds with the request as the example.</summary>
    public static async Task<JsonObject> InquireOneAsync(KillableServer server, JsonObject request)
    {
        var response = await server.Http.SendAsync(FhirRequests.Post("/fhir/Claim/$inquire", request.ToJsonString()), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"$inquire: {(int)response.StatusCode}: {text}");
        var found = (JsonNode.Parse(text)!["parameter"] as JsonArray ?? []).Select(p => PasClient.ClaimResponse(p!["resource"]!.AsObject())).ToList();
        return Assert.Single(found);
    }

    /// <summary>The open review task for an authorization number.</summary>
    public static async Task<string> OpenTaskAsync(KillableServer server, string authorizationNumber) =>
        (string)Assert.Single(await ReviewClient.ListAsync(server.Http), t => (string?)t!["authorizationNumber"] == authorizationNumber)!["id"]!;

    public static async Task<JsonObject> ApproveAsync(KillableServer server, string taskId, string reason) =>
        await ReviewClient.ReadAsync(await ReviewClient.DecideAsync(server.Http, taskId, ReviewClient.Approve(1, reason)), HttpStatusCode.OK);
}
