using System.Net;
using System.Text;
using FhirPriorAuth.Server.Auth;
using FhirPriorAuth.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FhirPriorAuth.Server.Tests.Pas.Review;

/// <summary>Only clients granted the reviewer scope (Task by name) reach /review; FHIR clients, however broad their scopes, do not.</summary>
public sealed class ReviewAuthTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Without_a_token_the_work_list_is_401()
    {
        await using var server = Server();

        var response = await server.CreateClient().GetAsync("/review/tasks", Ct);

        await FhirAssert.OperationOutcome(response, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("system/*.*")]
    [InlineData("system/Claim.c system/Claim.r")]
    public async Task A_FHIR_client_without_the_reviewer_scope_is_403(string scopes)
    {
        await using var server = Server();
        var client = server.CreateClient();

        var list = await client.SendAsync(Get("/review/tasks", ScopedTokens.Token("ehr", scopes)), Ct);
        var decide = await client.SendAsync(Decide("some-task", ScopedTokens.Token("ehr", scopes)), Ct);

        await FhirAssert.OperationOutcome(list, HttpStatusCode.Forbidden);
        await FhirAssert.OperationOutcome(decide, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_reviewer_reads_with_Task_rs_and_decides_only_with_Task_u()
    {
        await using var server = Server();
        var client = server.CreateClient();

        var list = await client.SendAsync(Get("/review/tasks", ScopedTokens.Token("um-desk", "system/Task.rs")), Ct);
        var readOnlyDecision = await client.SendAsync(Decide("some-task", ScopedTokens.Token("um-desk", "system/Task.rs")), Ct);
        var decision = await client.SendAsync(Decide("some-task", ScopedTokens.Token("um-desk", "system/Task.rus")), Ct);

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        await FhirAssert.OperationOutcome(readOnlyDecision, HttpStatusCode.Forbidden);
        // Past the gate: the task does not exist.
        await FhirAssert.OperationOutcome(decision, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_reviewer_scope_does_not_open_the_FHIR_API()
    {
        await using var server = Server();

        var response = await server.CreateClient().SendAsync(
            ReviewClient.WithToken(FhirRequests.Post(PasClient.Submit, PasRequests.LutatheraUndocumented().Build().ToJsonString()),
                ScopedTokens.Token("um-desk", "system/Task.rus")), Ct);

        await FhirAssert.OperationOutcome(response, HttpStatusCode.Forbidden);
    }

    private static FhirServerFactory Server() =>
        new(services: s => s.AddSingleton<IAccessTokenValidator, ScopedTokens>());

    private static HttpRequestMessage Get(string path, string token) =>
        ReviewClient.WithToken(new HttpRequestMessage(HttpMethod.Get, path), token);

    private static HttpRequestMessage Decide(string id, string token) =>
        ReviewClient.WithToken(new HttpRequestMessage(HttpMethod.Post, $"/review/tasks/{id}/decision")
        {
            Content = new StringContent("""{"items":[{"sequence":1,"action":"approve"}]}""", Encoding.UTF8, "application/json"),
        }, token);
}
