using System.Net;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Storage;
using FhirPriorAuth.Server.Tests.CdsHooks.Security;
using FhirPriorAuth.Server.Tests.Crd.Responses;
using FhirPriorAuth.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static FhirPriorAuth.Server.Tests.Crd.CrdTestServer;
using static FhirPriorAuth.Server.Tests.Crd.Retention.CrdExchanges;

namespace FhirPriorAuth.Server.Tests.Crd.Retention;

/// <summary>
/// <c>POST /cds-services/{id}/feedback</c> (CDS Hooks 2.0): a well-formed report is acknowledged with an empty 200 and
/// kept with the call whose card it is about; malformed ones are refused; the caller proves itself as for a hook call.
/// </summary>
public sealed class CdsFeedbackTests
{
    [Fact]
    public async Task Feedback_on_a_card_is_acknowledged_and_kept_with_the_call_that_gave_the_card()
    {
        await using var server = CrdServer();
        var client = server.CreateClient();
        var answer = await AnswerAsync(client, CrdCalls.WellmarkLutathera().BuildCrdRequest());
        var card = (string)answer["cards"]![0]!["uuid"]!;

        var response = await FeedbackAsync(client, Feedback(card).ToJsonString());
        var kept = JsonNode.Parse(await (await ReviewAsync(client, AssertionId(answer))).Content.ReadAsStringAsync(Ct))!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
        var feedback = kept["feedback"]!.AsArray().Single()!;
        Assert.Equal(card, (string)feedback["request"]!["feedback"]![0]!["card"]!);
        Assert.Equal("overridden", (string)feedback["request"]!["feedback"]![0]!["outcome"]!);
    }

    [Fact]
    public async Task Feedback_on_a_card_this_server_does_not_know_is_still_kept()
    {
        await using var server = CrdServer();

        var response = await FeedbackAsync(server.CreateClient(), Feedback("5d6f2a0e-0000-4000-8000-000000000001", "accepted").ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var store = server.Services.GetRequiredService<IResourceStore>();
        Assert.Single(await store.SearchAsync("Basic",
            [new("cds-log", null, "crd-feedback"), new("card", null, "5d6f2a0e-0000-4000-8000-000000000001"), new("outcome", null, "accepted")], 10, Ct));
    }

    [Theory]
    [InlineData("""{"feedback":[]}""", "feedback")]
    [InlineData("""{"feedback":[{"outcome":"accepted","outcomeTimestamp":"2026-03-01T15:05:00Z"}]}""", "feedback[0].card")]
    [InlineData("""{"feedback":[{"card":"c1","outcome":"ignored","outcomeTimestamp":"2026-03-01T15:05:00Z"}]}""", "feedback[0].outcome")]
    [InlineData("""{"feedback":[{"card":"c1","outcome":"accepted"}]}""", "feedback[0].outcomeTimestamp")]
    [InlineData("""{"feedback":[{"card":"c1","outcome":"overridden","outcomeTimestamp":"2026-03-01T15:05:00Z","acceptedSuggestions":[{"id":"s1"}]}]}""", "feedback[0].acceptedSuggestions")]
    [InlineData("""{"feedback":[{"card":"c1","outcome":"accepted","outcomeTimestamp":"2026-03-01T15:05:00Z","acceptedSuggestions":["s1"]}]}""", "feedback[0].acceptedSuggestions")]
    [InlineData("""{"feedback":[{"card":"c1","outcome":"accepted","outcomeTimestamp":"2026-03-01T15:05:00Z","overrideReason":{"userComment":"x"}}]}""", "feedback[0].overrideReason")]
    public async Task A_report_that_is_not_CDS_Hooks_feedback_is_422_naming_the_element(string body, string expression)
    {
        await using var server = CrdServer();

        var response = await FeedbackAsync(server.CreateClient(), body);

        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains(expression, FhirAssert.Expressions(outcome));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""["feedback"]""")]
    public async Task A_body_that_is_not_a_JSON_object_is_400(string body)
    {
        await using var server = CrdServer();

        var response = await FeedbackAsync(server.CreateClient(), body);

        await FhirAssert.OperationOutcome(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Feedback_for_an_unknown_service_is_404()
    {
        await using var server = CrdServer();

        var response = await FeedbackAsync(server.CreateClient(), Feedback("c1").ToJsonString(), "no-such-service");

        await FhirAssert.OperationOutcome(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task With_client_authentication_on_the_token_must_name_the_feedback_URL_as_its_audience()
    {
        using var ehr = new TestEhr();
        await using var host = CdsSecurityHost.Start(ehr);
        var body = Feedback("c1").ToJsonString();
        const string feedbackUrl = "http://localhost/cds-services/crd-order-sign/feedback";

        var rightAudience = await Send(host, ehr.Sign("ES384", TestEhr.Claims(host.Time.GetUtcNow(), feedbackUrl)), body);
        var hookAudience = await Send(host, ehr.Sign("ES384", TestEhr.Claims(host.Time.GetUtcNow(), "http://localhost/cds-services/crd-order-sign")), body);
        var none = await Send(host, null, body);

        Assert.Equal(HttpStatusCode.OK, rightAudience.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, hookAudience.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
    }

    private static Task<HttpResponseMessage> Send(CdsSecurityHost host, string? token, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/cds-services/crd-order-sign/feedback")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        if (token is not null)
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return host.Http.SendAsync(request, Ct);
    }
}
