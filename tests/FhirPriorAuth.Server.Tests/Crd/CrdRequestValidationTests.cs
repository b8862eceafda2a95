using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Tests.Infrastructure;
using static FhirPriorAuth.Server.Tests.Crd.CrdTestServer;

namespace FhirPriorAuth.Server.Tests.Crd;

public sealed class CrdRequestValidationTests
{
    [Fact]
    public async Task Given_AnUnknownServiceId_When_Posted_Then_404OperationOutcome()
    {
        await using var server = Create();
        var response = await server.CreateClient().PostAsync("no-such-service", OrderSign(null, null));

        await FhirAssert.OperationOutcome(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("{\"hook\": \"order-sign\", ")]
    [InlineData("[1, 2, 3]")]
    [InlineData("not json")]
    public async Task Given_ABodyThatIsNotAJsonObject_When_Posted_Then_400OperationOutcome(string body)
    {
        await using var server = Create();
        var response = await server.CreateClient().PostAsync("/cds-services/crd-order-sign",
            new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        await FhirAssert.OperationOutcome(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("hook", "hook")]
    [InlineData("hookInstance", "hookInstance")]
    [InlineData("context", "context")]
    [InlineData("fhirServer", "fhirServer")]
    public async Task Given_ARequestMissingARequiredMember_When_Posted_Then_422NamesIt(string member, string expression)
    {
        await using var server = Create();
        var request = OrderSign("https://ehr.example.org/fhir");
        request.Remove(member);

        var response = await server.CreateClient().PostAsync("crd-order-sign", request);

        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains(expression, FhirAssert.Expressions(outcome));
    }

    [Fact]
    public async Task Given_ARequestForAnotherHook_When_PostedToOrderSign_Then_422NamesTheHook()
    {
        await using var server = Create();
        var request = OrderSign(null, null);
        request["hook"] = "order-select";

        var response = await server.CreateClient().PostAsync("crd-order-sign", request);

        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("hook", FhirAssert.Expressions(outcome));
    }

    [Theory]
    [InlineData("patientId")]
    [InlineData("userId")]
    [InlineData("draftOrders")]
    public async Task Given_AnOrderSignContextMissingARequiredField_When_Posted_Then_422NamesIt(string field)
    {
        await using var server = Create();
        var request = OrderSign(null, null);
        request["context"]!.AsObject().Remove(field);

        var response = await server.CreateClient().PostAsync("crd-order-sign", request);

        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("context." + field, FhirAssert.Expressions(outcome));
    }

    [Fact]
    public async Task Given_AnEmptyDraftOrdersBundle_When_Posted_Then_422()
    {
        await using var server = Create();
        var request = OrderSign(null, null);
        request["context"]!["draftOrders"]!["entry"] = new JsonArray();

        var response = await server.CreateClient().PostAsync("crd-order-sign", request);

        await FhirAssert.OperationOutcome(response, HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Given_AnOrderSelectWithoutSelections_When_Posted_Then_422()
    {
        await using var server = Create();
        var request = OrderSign(null, null);
        request["hook"] = "order-select";

        var response = await server.CreateClient().PostAsync("crd-order-select", request);

        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("context.selections", FhirAssert.Expressions(outcome));
    }

    [Fact]
    public async Task Given_AnEncounterStartWithoutEncounter_When_Posted_Then_422()
    {
        await using var server = Create();
        var request = new JsonObject
        {
            ["hook"] = "encounter-start", ["hookInstance"] = Guid.NewGuid().ToString(),
            ["context"] = new JsonObject { ["userId"] = "Practitioner/1", ["patientId"] = "p" },
        };

        var response = await server.CreateClient().PostAsync("crd-encounter-start", request);

        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("context.encounterId", FhirAssert.Expressions(outcome));
    }

    [Fact]
    public async Task Given_AnOrderDispatchWithNeitherOrderNorDispatchedOrders_When_Posted_Then_422()
    {
        await using var server = Create();
        var request = Dispatch(new JsonObject { ["patientId"] = "p", ["performer"] = "Organization/infusion-center" });

        var response = await server.CreateClient().PostAsync("crd-order-dispatch", request);

        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("context.order", FhirAssert.Expressions(outcome));
    }

    [Fact]
    public async Task Given_BothOrderDispatchContextVersions_When_Posted_Then_EachIsAnsweredWithTheOrdersInPrefetch()
    {
        await using var stub = await FhirServerStub.StartAsync();
        var responder = new CapturingResponder();
        await using var server = Create(responder);
        var client = server.CreateClient();

        var v10 = Dispatch(new JsonObject
        {
            ["patientId"] = "p", ["performer"] = "Organization/infusion-center", ["order"] = "MedicationRequest/lutathera-1",
            ["task"] = new JsonObject { ["resourceType"] = "Task", ["status"] = "requested", ["intent"] = "order" },
        }, stub.BaseUrl);
        var v11 = Dispatch(new JsonObject
        {
            ["patientId"] = "p", ["performer"] = "Organization/infusion-center",
            ["dispatchedOrders"] = new JsonArray("MedicationRequest/lutathera-1", "ServiceRequest/amino-acids"),
            ["fulfillmentTasks"] = new JsonArray(new JsonObject { ["resourceType"] = "Task", ["status"] = "requested", ["intent"] = "order" }),
        }, stub.BaseUrl);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("crd-order-dispatch", v10)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("crd-order-dispatch", v11)).StatusCode);

        var calls = responder.Calls.ToList();
        Assert.Equal("MedicationRequest", calls[0].Request["prefetch"]!["order"]!["resourceType"]!.GetValue<string>());
        var bundle = calls[1].Request["prefetch"]!["order"]!;
        Assert.Equal(["MedicationRequest", "ServiceRequest"],
            bundle["entry"]!.AsArray().Select(e => e!["resource"]!["resourceType"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Given_UnknownContextMembersAndConfigurationKeys_When_Posted_Then_TheyAreIgnored()
    {
        var responder = new CapturingResponder();
        await using var server = Create(responder);
        var request = OrderSign(null, null);
        request["context"]!["somethingNew"] = new JsonObject { ["x"] = 1 };
        request["extension"] = new JsonObject
        {
            ["davinci-crd.configuration"] = new JsonObject { ["coverage"] = true, ["guideline"] = false, ["max-cards"] = 3 },
        };
        request["prefetch"] = new JsonObject
        {
            ["patient"] = new JsonObject { ["resourceType"] = "Patient", ["id"] = "pat-1" },
            ["coverage"] = new JsonObject { ["resourceType"] = "Bundle", ["type"] = "searchset" },
        };

        var response = await server.CreateClient().PostAsync("crd-order-sign", request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = Assert.Single(responder.Calls);
        Assert.False(call.Configuration.Allows("guideline"));
        Assert.Equal(3, call.Configuration.MaxCardCount);
    }

    [Fact]
    public async Task Given_ABodyOverTheServerLimit_When_Posted_Then_413()
    {
        await using var server = Create(extra: new Dictionary<string, string?> { ["Server:MaxRequestBodyBytes"] = "2048" });
        var request = OrderSign(null, null);
        request["context"]!["padding"] = new string('x', 4096);

        var response = await server.CreateClient().PostAsync("crd-order-sign", request);

        await FhirAssert.OperationOutcome(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Given_FhirAuthorizationWithoutAToken_When_Posted_Then_422()
    {
        await using var server = Create();
        var request = OrderSign("https://ehr.example.org/fhir");
        request["fhirAuthorization"]!.AsObject().Remove("access_token");

        var response = await server.CreateClient().PostAsync("crd-order-sign", request);

        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("fhirAuthorization.access_token", FhirAssert.Expressions(outcome));
    }

    [Theory]
    [InlineData("encounter-start")]
    [InlineData("encounter-discharge")]
    public async Task Given_AnEncounterHookWithPrefetch_When_Posted_Then_ItIsAnsweredWithoutTheFhirServer(string hook)
    {
        var responder = new CapturingResponder();
        await using var server = Create(responder);
        var request = new JsonObject
        {
            ["hook"] = hook, ["hookInstance"] = Guid.NewGuid().ToString(),
            ["context"] = new JsonObject { ["userId"] = "Practitioner/1", ["patientId"] = "p", ["encounterId"] = "e" },
            ["prefetch"] = new JsonObject
            {
                ["patient"] = new JsonObject { ["resourceType"] = "Patient", ["id"] = "p" },
                ["coverage"] = null,
            },
        };

        var response = await server.CreateClient().PostAsync("crd-" + hook, request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(hook, Assert.Single(responder.Calls).Hook);
    }

    [Fact]
    public async Task Given_ADispatchedOrderThatIsNotAReference_When_Posted_Then_422AndNothingIsSentToTheFhirServer()
    {
        await using var stub = await FhirServerStub.StartAsync();
        await using var server = Create(new CapturingResponder());
        var request = Dispatch(new JsonObject
        {
            ["patientId"] = "p", ["performer"] = "Organization/infusion-center", ["order"] = "../admin?x=1",
        }, stub.BaseUrl);

        var response = await server.CreateClient().PostAsync("crd-order-dispatch", request);

        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("context.order", FhirAssert.Expressions(outcome));
        Assert.Empty(stub.Requests);
    }

    private static JsonObject Dispatch(JsonObject context, string? fhirServer = null)
    {
        var request = new JsonObject { ["hook"] = "order-dispatch", ["hookInstance"] = Guid.NewGuid().ToString(), ["context"] = context };
        if (fhirServer is not null)
            request["fhirServer"] = fhirServer;
        return request;
    }
}
