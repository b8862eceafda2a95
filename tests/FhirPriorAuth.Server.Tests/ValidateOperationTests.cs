using System.Net;
using System.Text;
using FhirPriorAuth.Server.FhirApi;
using FhirPriorAuth.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.Tests;

/// <summary>
/// <c>$validate</c> answers 200 whenever it could validate, with the issues found; content errors are
/// the answer, not a refusal. Operations that act on a resource refuse the same content with 400.
/// </summary>
public sealed class ValidateOperationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, string> StructurallyInvalid => new()
    {
        { """{"resourceType":"Patient","birthDate":12}""", "structure", "Patient.birthDate" },
        { """{"resourceType":"Patient","active":"yes"}""", "structure", "Patient.active" },
        { """{"resourceType":"Patient","birthDate":"21st of May"}""", "value", "Patient.birthDate" },
        { """{"resourceType":"Patient","name":{"family":"Zebedee"}}""", "structure", "Patient.name" },
        { """{"resourceType":"Patient","shoeSize":44}""", "structure", "Patient.shoeSize" },
    };

    [Fact]
    public async Task Given_AValidPatient_When_Validated_Then_AllOkInformationIsReturned()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var response = await server.CreateClient().SendAsync(
            FhirRequests.Post("/fhir/Patient/$validate", """{"resourceType":"Patient","active":true,"birthDate":"1970-05-21"}"""), Ct);

        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.OK);
        var issue = Assert.Single(FhirAssert.Issues(outcome));
        Assert.Equal("information", issue.GetProperty("severity").GetString());
        Assert.Equal("informational", issue.GetProperty("code").GetString());
    }

    [Theory]
    [MemberData(nameof(StructurallyInvalid))]
    public async Task Given_AStructurallyInvalidResource_When_Validated_Then_200ListsTheErrorWithItsLocation(string body, string code, string expression)
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var response = await server.CreateClient().SendAsync(FhirRequests.Post("/fhir/$validate", body), Ct);

        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.OK);
        var issue = Assert.Single(FhirAssert.Issues(outcome), i => i.GetProperty("severity").GetString() == "error");
        Assert.Equal(code, issue.GetProperty("code").GetString());
        Assert.Equal(expression, issue.GetProperty("expression")[0].GetString());
        Assert.DoesNotContain("Zebedee", outcome.GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StructurallyInvalid))]
    public async Task Given_AStructurallyInvalidResource_When_AnOperationNeedsAValidOne_Then_400ListsTheError(string body, string code, string expression)
    {
        var reader = new FhirRequestReader(new RequestBodyReader(Options.Create(new ServerLimits())), Options.Create(new ServerLimits()));
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));

        var refusal = await Assert.ThrowsAsync<FhirRequestException>(() => reader.ReadValidResourceAsync(context.Request, Ct));

        Assert.Equal(StatusCodes.Status400BadRequest, refusal.StatusCode);
        Assert.Contains(refusal.Issues, i => i.Code == code && i.Expression == expression);
    }

    [Fact]
    public async Task Given_AParametersWrappingAnInvalidResource_When_Validated_Then_TheIssuePointsInsideTheParameter()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var response = await server.CreateClient().SendAsync(FhirRequests.Post("/fhir/Patient/$validate",
            """{"resourceType":"Parameters","parameter":[{"name":"mode","valueCode":"create"},{"name":"resource","resource":{"resourceType":"Patient","active":"yes"}}]}"""), Ct);

        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.OK);
        Assert.Contains("Parameters.parameter[1].resource.active", FhirAssert.Expressions(outcome));
    }

    [Fact]
    public async Task Given_AValidParametersWrapper_When_ValidatedAtSystemLevel_Then_AllOk()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var response = await server.CreateClient().SendAsync(FhirRequests.Post("/fhir/$validate",
            """{"resourceType":"Parameters","parameter":[{"name":"resource","resource":{"resourceType":"Claim","status":"active"}}]}"""), Ct);

        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.OK);
        Assert.Equal(["informational"], FhirAssert.IssueCodes(outcome));
    }

    [Fact]
    public async Task Given_ABodyWithinALoweredLimit_When_OneByteOver_Then_413()
    {
        var body = """{"resourceType":"Patient","active":true}""";
        await using var server = new FhirServerFactory(new Dictionary<string, string?>
        {
            ["Auth:Enabled"] = "false",
            ["Server:MaxRequestBodyBytes"] = (Encoding.UTF8.GetByteCount(body) - 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var response = await server.CreateClient().SendAsync(FhirRequests.Post("/fhir/$validate", body), Ct);

        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(["too-long"], FhirAssert.IssueCodes(outcome));
    }

    [Fact]
    public async Task Given_ALoweredDepthLimit_When_NestingExceedsIt_Then_400()
    {
        await using var server = new FhirServerFactory(new Dictionary<string, string?>
        {
            ["Auth:Enabled"] = "false",
            ["Server:MaxJsonDepth"] = "4",
        });
        var client = server.CreateClient();

        var shallow = await client.SendAsync(FhirRequests.Post("/fhir/$validate", """{"resourceType":"Patient","name":[{"given":["Al"]}]}"""), Ct);
        await FhirAssert.OperationOutcome(shallow, HttpStatusCode.OK);

        var deep = await client.SendAsync(FhirRequests.Post("/fhir/$validate", """{"resourceType":"Patient","name":[{"period":{"extension":[{"url":"http://example.org"}]}}]}"""), Ct);
        await FhirAssert.OperationOutcome(deep, HttpStatusCode.BadRequest);
    }
}
