using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Tests.Crd;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Server.Tests.Pas;
using FhirPriorAuth.Server.Tests.Pas.Review;
using FhirPriorAuth.Server.Tests.Subscriptions;

namespace FhirPriorAuth.Server.Tests.Robustness;

/// <summary>
/// The classes of malformed body the red-team run answered with 500 (issue 10's table), one named test each. Every one
/// must now be a 4xx with an OperationOutcome the client can read, and the server must keep answering.
/// </summary>
public sealed class MalformedBodyRegressionTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FhirServerFactory _server = CrdTestServer.Create();
    private HttpClient _client = null!;

    public ValueTask InitializeAsync()
    {
        _client = _server.CreateClient();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    public static TheoryData<string, string> Hooks => new()
    {
        { "crd-order-sign", "order-sign" },
        { "crd-order-select", "order-select" },
        { "crd-order-dispatch", "order-dispatch" },
        { "crd-appointment-book", "appointment-book" },
        { "crd-encounter-start", "encounter-start" },
        { "crd-encounter-discharge", "encounter-discharge" },
    };

    [Theory]
    [MemberData(nameof(Hooks))]
    public async Task DuplicateJsonKey_InACdsHookRequest_Is400(string service, string hook)
    {
        var body = $$$"""{"hook":"{{{hook}}}","hookInstance":"a","hookInstance":"b","context":{"patientId":"p","patientId":"q"}}""";
        await AssertRefused(await PostJson($"/cds-services/{service}", body), HttpStatusCode.BadRequest, "structure");
    }

    [Fact]
    public async Task DuplicateJsonKey_InCdsFeedback_Is400()
    {
        var body = """{"feedback":[{"card":"c","card":"d","outcome":"accepted","outcomeTimestamp":"2026-03-02T10:00:00Z"}]}""";
        await AssertRefused(await PostJson("/cds-services/crd-order-sign/feedback", body), HttpStatusCode.BadRequest, "structure");
    }

    [Fact]
    public async Task DuplicateJsonKey_InAReviewDecision_Is400()
    {
        // A real open task, so the decision is read as it would be for a reviewer.
        var id = (string)(await ReviewClient.PendAsync(_client, PasRequests.LutatheraUndocumented().Build()))["id"]!;
        var body = """{"reviewer":{"npi":"1982345670"},"items":[{"sequence":1,"action":"approve"}],"items":[]}""";
        await AssertRefused(await PostJson($"/review/tasks/{id}/decision", body), HttpStatusCode.BadRequest, "structure");
    }

    [Fact]
    public async Task InvalidUtf8InsideAString_InACdsHookRequest_Is400()
    {
        var json = CrdTestServer.OrderSign(null, null).ToJsonString().Replace("pat-1", "pat-\u00FF", StringComparison.Ordinal);
        var bytes = Latin1Inside(json, "pat-\u00FF");
        await AssertRefused(await PostBytes("/cds-services/crd-order-sign", bytes), HttpStatusCode.BadRequest, "structure");
    }

    [Fact]
    public async Task InvalidUtf8InsideAString_InCdsFeedback_Is400()
    {
        var json = """{"feedback":[{"card":"c-MARK","outcome":"accepted","outcomeTimestamp":"2026-03-02T10:00:00Z"}]}""".Replace("MARK", "\u00FF", StringComparison.Ordinal);
        var bytes = Latin1Inside(json, "c-\u00FF");
        await AssertRefused(await PostBytes("/cds-services/crd-order-sign/feedback", bytes), HttpStatusCode.BadRequest, "structure");
    }

    [Fact]
    public async Task LoneSurrogateEscape_InACdsHookRequest_Is400()
    {
        var json = CrdTestServer.OrderSign(null, null).ToJsonString().Replace("\"pat-1\"", "\"pat-\\ud800\"", StringComparison.Ordinal);
        await AssertRefused(await PostJson("/cds-services/crd-order-sign", json), HttpStatusCode.BadRequest, "structure");
    }

    [Fact]
    public async Task LoneSurrogateEscape_InValidate_Is400()
    {
        var body = """{"resourceType":"Patient","id":"p1","name":[{"family":"Zeb\udc00edee"}]}""";
        await AssertRefused(await PostFhir("/fhir/Patient/$validate", body), HttpStatusCode.BadRequest, "structure");
    }

    [Fact]
    public async Task LoneSurrogateEscape_InClaimSubmit221_Is400()
    {
        var json = PasRequests.LutatheraQualifying().Build().ToJsonString();
        var bundle = JsonNode.Parse(json)!.AsObject();
        bundle["identifier"]!["value"] = "req-SURROGATE";
        var body = bundle.ToJsonString().Replace("req-SURROGATE", "req-\\ud800", StringComparison.Ordinal);
        await AssertRefused(await PostFhir(PasClient.Submit, body), HttpStatusCode.BadRequest, "structure");
    }

    [Fact]
    public async Task LoneSurrogateEscape_InASubscription_Is400()
    {
        var subscription = SubscriptionClient.Subscription("https://ehr.example.org/hook");
        subscription["reason"] = "SURROGATE";
        var body = subscription.ToJsonString().Replace("SURROGATE", "\\udfff", StringComparison.Ordinal);
        await AssertRefused(await PostFhir("/fhir/Subscription", body), HttpStatusCode.BadRequest, "structure");
    }

    [Fact]
    public async Task NonObjectEntry_InOrderSelectDraftOrders_Is422()
    {
        var request = CrdTestServer.OrderSign(null, null);
        request["hook"] = "order-select";
        request["context"]!["selections"] = new JsonArray("MedicationRequest/lutathera-1");
        request["context"]!["draftOrders"]!["entry"]!.AsArray().Add(42);
        await AssertRefused(await PostJson("/cds-services/crd-order-select", request.ToJsonString()), HttpStatusCode.UnprocessableEntity, "structure");
    }

    [Fact]
    public async Task NonObjectEntry_InAnOrderDispatchPrefetchBundle_Is422()
    {
        var request = new JsonObject
        {
            ["hook"] = "order-dispatch",
            ["hookInstance"] = "d1",
            ["fhirServer"] = "http://127.0.0.1:9/fhir",
            ["fhirAuthorization"] = new JsonObject { ["access_token"] = "t", ["token_type"] = "Bearer" },
            ["context"] = new JsonObject
            {
                ["patientId"] = "pat-1", ["performer"] = "Organization/o1", ["order"] = "MedicationRequest/m1",
            },
            ["prefetch"] = new JsonObject
            {
                ["patient"] = new JsonObject { ["resourceType"] = "Patient", ["id"] = "pat-1" },
                ["coverage"] = new JsonObject { ["resourceType"] = "Bundle", ["type"] = "searchset", ["entry"] = new JsonArray("x", 1, null) },
                ["order"] = new JsonObject { ["resourceType"] = "MedicationRequest", ["id"] = "m1", ["status"] = "active" },
            },
        };
        await AssertRefused(await PostJson("/cds-services/crd-order-dispatch", request.ToJsonString()), HttpStatusCode.UnprocessableEntity, "structure");
    }

    [Fact]
    public async Task NonObjectEntry_InAppointmentBookAppointments_Is422()
    {
        var request = new JsonObject
        {
            ["hook"] = "appointment-book",
            ["hookInstance"] = "a1",
            ["context"] = new JsonObject
            {
                ["userId"] = "Practitioner/u1", ["patientId"] = "pat-1",
                ["appointments"] = new JsonObject { ["resourceType"] = "Bundle", ["type"] = "collection", ["entry"] = new JsonArray(true) },
            },
        };
        await AssertRefused(await PostJson("/cds-services/crd-appointment-book", request.ToJsonString()), HttpStatusCode.UnprocessableEntity, "structure");
    }

    /// <summary>Found by the fuzz suite: the token went into an Authorization header, which refuses a NUL or newline.</summary>
    [Theory]
    [InlineData(@"tok\u0000en")]
    [InlineData(@"tok\nen")]
    public async Task ControlCharacterInTheFhirAccessToken_OfACdsHookRequest_Is422(string escapedToken)
    {
        var json = CrdTestServer.OrderSign("http://127.0.0.1:9/fhir", "TOKEN").ToJsonString().Replace("\"TOKEN\"", $"\"{escapedToken}\"", StringComparison.Ordinal);
        await using var server = CrdTestServer.Create(extra: new Dictionary<string, string?> { ["CdsHooks:FhirServer:AllowedBaseUrls:0"] = "http://127.0.0.1:9/" });
        using var response = await server.CreateClient().SendAsync(FhirRequests.Post("/cds-services/crd-order-sign", new ByteArrayContent(Encoding.UTF8.GetBytes(json)), "application/json"), Ct);
        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("fhirAuthorization.access_token", FhirAssert.Expressions(outcome));
    }

    /// <summary>Found by the fuzz suite: ASP.NET's multipart reader throws on a body without its boundary.</summary>
    [Fact]
    public async Task MultipartBodyWithoutItsBoundary_AtTheTokenEndpoint_Is400()
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(new string('x', 20_000)));
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=x");
        using var response = await _client.PostAsync("/auth/token", content, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    public static TheoryData<string> NotFhirIds => [new string('a', 65), "task_1", "..%2F..%2Fetc"];

    [Theory]
    [MemberData(nameof(NotFhirIds))]
    public async Task PathIdThatIsNotAFhirId_OnReviewTaskRead_Is404(string id)
    {
        using var response = await _client.GetAsync($"/review/tasks/{id}", Ct);
        await AssertRefused(response, HttpStatusCode.NotFound, "not-found");
    }

    [Theory]
    [MemberData(nameof(NotFhirIds))]
    public async Task PathIdThatIsNotAFhirId_OnReviewDecision_Is404(string id)
    {
        var body = """{"reviewer":{"npi":"1234567893"},"items":[]}""";
        await AssertRefused(await PostJson($"/review/tasks/{id}/decision", body), HttpStatusCode.NotFound, "not-found");
    }

    private async Task AssertRefused(HttpResponseMessage response, HttpStatusCode status, string issueCode)
    {
        using (response)
        {
            var outcome = await FhirAssert.OperationOutcome(response, status);
            Assert.Contains(issueCode, FhirAssert.IssueCodes(outcome));
        }
        // Still answering after the refusal.
        using var discovery = await _client.GetAsync("/cds-services", Ct);
        Assert.Equal(HttpStatusCode.OK, discovery.StatusCode);
    }

    private Task<HttpResponseMessage> PostJson(string path, string body) =>
        PostBytes(path, Encoding.UTF8.GetBytes(body));

    private Task<HttpResponseMessage> PostBytes(string path, byte[] body) =>
        _client.SendAsync(FhirRequests.Post(path, new ByteArrayContent(body), "application/json"), Ct);

    private Task<HttpResponseMessage> PostFhir(string path, string body) =>
        _client.SendAsync(FhirRequests.Post(path, body), Ct);

    /// <summary>UTF-8 bytes of <paramref name="json"/> with <paramref name="marker"/> written as Latin-1: a lone 0xFF byte inside the string.</summary>
    private static byte[] Latin1Inside(string json, string marker)
    {
        var at = json.IndexOf(marker, StringComparison.Ordinal);
        return [.. Encoding.UTF8.GetBytes(json[..at]), .. Encoding.Latin1.GetBytes(marker), .. Encoding.UTF8.GetBytes(json[(at + marker.Length)..])];
    }
}
