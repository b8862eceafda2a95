using System.Net;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Tests.Infrastructure;
using static FhirPriorAuth.Server.Tests.Crd.CrdTestServer;

namespace FhirPriorAuth.Server.Tests.Crd;

/// <summary>Prefetch keys the client left out are read from its FHIR server (a real loopback listener) with its token.</summary>
public sealed class CrdPrefetchFallbackTests
{
    private const string Token = "secret-ehr-token-1234";

    [Fact]
    public async Task Given_NoPrefetch_When_OrderSignPosted_Then_TheFhirServerIsQueriedWithTheTokenAndTheResponderGetsTheResources()
    {
        await using var stub = await FhirServerStub.StartAsync();
        var responder = new CapturingResponder();
        await using var server = Create(responder);

        var response = await server.CreateClient().PostAsync("crd-order-sign", OrderSign(stub.BaseUrl, Token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = stub.Requests.ToList();
        Assert.All(seen, r => Assert.Equal("Bearer " + Token, r.Authorization));
        Assert.Contains(seen, r => r.PathAndQuery == "/fhir/Patient/pat-1");
        Assert.Contains(seen, r => r.PathAndQuery.StartsWith("/fhir/Coverage?patient=pat-1&status=active", StringComparison.Ordinal));
        Assert.Contains(seen, r => r.PathAndQuery == "/fhir/PractitionerRole/prescriber");
        Assert.Contains(seen, r => r.PathAndQuery == "/fhir/Encounter/enc-1");
        Assert.Contains(seen, r => r.PathAndQuery.StartsWith("/fhir/MedicationRequest?_id=lutathera-1&", StringComparison.Ordinal));

        var call = Assert.Single(responder.Calls);
        var prefetch = call.Request["prefetch"]!;
        Assert.Equal("pat-1", prefetch["patient"]!["id"]!.GetValue<string>());
        Assert.Equal("searchset", prefetch["coverage"]!["type"]!.GetValue<string>());
        Assert.Equal("Coverage", prefetch["coverage"]!["entry"]![0]!["resource"]!["resourceType"]!.GetValue<string>());
        Assert.Equal("Encounter", prefetch["encounter"]!["resourceType"]!.GetValue<string>());
        Assert.Equal("Bundle", prefetch["observations"]!["resourceType"]!.GetValue<string>());
        Assert.Null(call.Request["fhirAuthorization"]);
        Assert.DoesNotContain(Token, call.Request.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("order-sign", call.Hook);
    }

    [Fact]
    public async Task Given_PatientAndCoverageInPrefetch_When_OrderSignPosted_Then_OnlyTheOtherKeysAreFetched()
    {
        await using var stub = await FhirServerStub.StartAsync();
        var responder = new CapturingResponder();
        await using var server = Create(responder);
        var request = OrderSign(stub.BaseUrl, Token);
        request["prefetch"] = new JsonObject
        {
            ["patient"] = new JsonObject { ["resourceType"] = "Patient", ["id"] = "pat-1", ["gender"] = "female" },
            ["coverage"] = new JsonObject { ["resourceType"] = "Bundle", ["type"] = "searchset", ["entry"] = new JsonArray() },
            ["user"] = null,
        };

        var response = await server.CreateClient().PostAsync("crd-order-sign", request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(stub.Requests, r => r.PathAndQuery.StartsWith("/fhir/Patient", StringComparison.Ordinal));
        Assert.DoesNotContain(stub.Requests, r => r.PathAndQuery.StartsWith("/fhir/Coverage", StringComparison.Ordinal));
        // A null key is asked again: the client may have had no time to run the query.
        Assert.Contains(stub.Requests, r => r.PathAndQuery == "/fhir/PractitionerRole/prescriber");
        var prefetch = Assert.Single(responder.Calls).Request["prefetch"]!;
        Assert.Equal("female", prefetch["patient"]!["gender"]!.GetValue<string>());
        Assert.Equal("PractitionerRole", prefetch["user"]!["resourceType"]!.GetValue<string>());
    }

    [Fact]
    public async Task Given_APatientTheFhirServerDoesNotKnow_When_Posted_Then_TheResponderAnswersWithANullPatient()
    {
        await using var stub = await FhirServerStub.StartAsync();
        var responder = new CapturingResponder();
        await using var server = Create(responder);
        var request = OrderSign(stub.BaseUrl, Token);
        request["context"]!["patientId"] = "missing-patient";

        var response = await server.CreateClient().PostAsync("crd-order-sign", request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var prefetch = Assert.Single(responder.Calls).Request["prefetch"]!.AsObject();
        Assert.True(prefetch.ContainsKey("patient"));
        Assert.Null(prefetch["patient"]);
    }

    [Fact]
    public async Task Given_AFhirServerRefusingTheToken_When_Posted_Then_412NamesTheMissingPatientAndCoverage()
    {
        await using var stub = await FhirServerStub.StartAsync();
        stub.Status = 401;
        var responder = new CapturingResponder();
        await using var server = Create(responder);

        var response = await server.CreateClient().PostAsync("crd-order-sign", OrderSign(stub.BaseUrl, Token));

        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.PreconditionFailed);
        Assert.Equal(["prefetch.coverage", "prefetch.patient"], FhirAssert.Expressions(outcome).Order(StringComparer.Ordinal));
        Assert.Empty(responder.Calls);
        Assert.DoesNotContain(server.Logs, line => line.Contains(Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Given_AFhirServerThatIsDown_When_Posted_Then_412()
    {
        string downUrl;
        await using (var stub = await FhirServerStub.StartAsync())
            downUrl = stub.BaseUrl;
        await using var server = Create(new CapturingResponder());

        var response = await server.CreateClient().PostAsync("crd-order-sign", OrderSign(downUrl, Token));

        await FhirAssert.OperationOutcome(response, HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task Given_NoFhirServerAndNoPrefetch_When_Posted_Then_412()
    {
        await using var server = Create(new CapturingResponder());

        var response = await server.CreateClient().PostAsync("crd-order-sign", OrderSign(null, null));

        await FhirAssert.OperationOutcome(response, HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task Given_APlainHttpFhirServerNotAllowed_When_Posted_Then_NothingIsSentThereAnd412()
    {
        await using var stub = await FhirServerStub.StartAsync();
        await using var server = Create(new CapturingResponder(), new Dictionary<string, string?> { ["CdsHooks:FhirServer:AllowHttp"] = "false" });

        var response = await server.CreateClient().PostAsync("crd-order-sign", OrderSign(stub.BaseUrl, Token));

        await FhirAssert.OperationOutcome(response, HttpStatusCode.PreconditionFailed);
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task Given_AFhirServerSlowerThanTheBudget_When_Posted_Then_412WithoutWaitingForIt()
    {
        await using var stub = await FhirServerStub.StartAsync();
        stub.Delay = TimeSpan.FromMinutes(5);
        var responder = new CapturingResponder();
        await using var server = Create(responder, new Dictionary<string, string?> { ["CdsHooks:FhirServer:TimeoutMilliseconds"] = "300" });

        var response = await server.CreateClient().PostAsync("crd-order-sign", OrderSign(stub.BaseUrl, Token));

        await FhirAssert.OperationOutcome(response, HttpStatusCode.PreconditionFailed);
        Assert.Empty(responder.Calls);
    }

    [Fact]
    public async Task Given_AFhirServerOutsideTheAllowedBaseUrls_When_Posted_Then_NothingIsSentThere()
    {
        await using var stub = await FhirServerStub.StartAsync();
        await using var server = Create(new CapturingResponder(),
            new Dictionary<string, string?> { ["CdsHooks:FhirServer:AllowedBaseUrls:0"] = "https://ehr.example.org/fhir" });

        var response = await server.CreateClient().PostAsync("crd-order-sign", OrderSign(stub.BaseUrl, Token));

        await FhirAssert.OperationOutcome(response, HttpStatusCode.PreconditionFailed);
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task Given_AFhirServerUnderAnAllowedBaseUrl_When_Posted_Then_ItIsQueried()
    {
        await using var stub = await FhirServerStub.StartAsync();
        await using var server = Create(new CapturingResponder(),
            new Dictionary<string, string?> { ["CdsHooks:FhirServer:AllowedBaseUrls:0"] = stub.BaseUrl });

        var response = await server.CreateClient().PostAsync("crd-order-sign", OrderSign(stub.BaseUrl, Token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(stub.Requests);
    }

    [Fact]
    public async Task Given_AFallbackCall_When_ItIsLogged_Then_TheLogNamesHookAndInstanceButNeverTheTokenOrPatient()
    {
        await using var stub = await FhirServerStub.StartAsync();
        await using var server = Create(new CapturingResponder());

        var response = await server.CreateClient().PostAsync("crd-order-sign", OrderSign(stub.BaseUrl, Token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var logs = server.Logs.ToList();
        Assert.Contains(logs, l => l.Contains("crd-order-sign", StringComparison.Ordinal)
            && l.Contains("6f1a3e0c-5d2b-4f6e-9a1c-2b3d4e5f6a7b", StringComparison.Ordinal) && l.Contains("200", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.Contains(Token, StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.Contains("pat-1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Given_AConfiguredPublicBaseUrl_When_Posted_Then_TheResponderIsToldThatBase()
    {
        var responder = new CapturingResponder();
        await using var server = Create(responder, new Dictionary<string, string?> { ["CdsHooks:PublicBaseUrl"] = "https://payer.example.org/" });
        var request = OrderSign(null, null);
        request["prefetch"] = new JsonObject
        {
            ["patient"] = new JsonObject { ["resourceType"] = "Patient", ["id"] = "pat-1" },
            ["coverage"] = new JsonObject { ["resourceType"] = "Bundle", ["type"] = "searchset" },
        };

        var response = await server.CreateClient().PostAsync("crd-order-sign", request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https://payer.example.org", Assert.Single(responder.Calls).ServerBase);
    }
}
