using System.Net;
using FhirPriorAuth.Server.Auth;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Server.Tests.Pas.Review;
using Microsoft.Extensions.DependencyInjection;
using static FhirPriorAuth.Server.Tests.Crd.CrdTestServer;

namespace FhirPriorAuth.Server.Tests.Crd.Retention;

/// <summary>Kept CRD calls hold patient data: only reviewers (Task read scope) reach them, never a FHIR client.</summary>
public sealed class CrdReviewAccessTests
{
    [Fact]
    public async Task Without_a_token_the_kept_calls_are_401()
    {
        await using var server = Server();

        var response = await server.CreateClient().GetAsync("/review/crd/0123456789abcdef", Ct);

        await FhirAssert.OperationOutcome(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_FHIR_client_with_wildcard_scopes_is_403_and_a_reviewer_gets_past_the_gate()
    {
        await using var server = Server();
        var client = server.CreateClient();

        var fhirClient = await client.SendAsync(Get(ScopedTokens.Token("ehr", "system/*.*")), Ct);
        var reviewer = await client.SendAsync(Get(ScopedTokens.Token("um-desk", "system/Task.rs")), Ct);

        await FhirAssert.OperationOutcome(fhirClient, HttpStatusCode.Forbidden);
        // Past the gate: nothing is kept under this id.
        await FhirAssert.OperationOutcome(reviewer, HttpStatusCode.NotFound);
    }

    private static FhirServerFactory Server() =>
        new(services: s => s.AddSingleton<IAccessTokenValidator, ScopedTokens>());

    private static HttpRequestMessage Get(string token) =>
        ReviewClient.WithToken(new HttpRequestMessage(HttpMethod.Get, "/review/crd/0123456789abcdef"), token);
}
