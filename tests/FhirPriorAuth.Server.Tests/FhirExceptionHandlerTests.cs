using System.Text.Json;
using FhirPriorAuth.Server.FhirApi;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace FhirPriorAuth.Server.Tests;

/// <summary>Failures that are hard to provoke over HTTP on purpose, handed straight to the error handler.</summary>
public sealed class FhirExceptionHandlerTests
{
    [Theory]
    [InlineData(StatusCodes.Status413PayloadTooLarge, "too-long")]
    [InlineData(StatusCodes.Status400BadRequest, "structure")]
    public async Task Given_KestrelRefusesTheRequest_When_Handled_Then_ItsStatusComesBackAsAnOperationOutcome(int status, string code)
    {
        var context = FhirContext();

        var handled = await new FhirExceptionHandler(NullLogger<FhirExceptionHandler>.Instance)
            .TryHandleAsync(context, new BadHttpRequestException("Request body too large. Zebedee", status), TestContext.Current.CancellationToken);

        Assert.True(handled);
        Assert.Equal(status, context.Response.StatusCode);
        var body = Body(context);
        Assert.Equal(code, body.GetProperty("issue")[0].GetProperty("code").GetString());
        Assert.DoesNotContain("Zebedee", body.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_AnExceptionOutsideTheFhirApi_When_Handled_Then_ABare500WithoutAnOperationOutcome()
    {
        var context = FhirContext("/cds-services");

        await new FhirExceptionHandler(NullLogger<FhirExceptionHandler>.Instance)
            .TryHandleAsync(context, new InvalidOperationException("Zebedee"), TestContext.Current.CancellationToken);

        Assert.Equal(StatusCodes.Status500InternalServerError, context.Response.StatusCode);
        Assert.Equal(0, context.Response.Body.Length);
    }

    private static DefaultHttpContext FhirContext(string path = "/fhir/$validate")
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();
        return context;
    }

    private static JsonElement Body(DefaultHttpContext context)
    {
        context.Response.Body.Position = 0;
        return JsonDocument.Parse(context.Response.Body).RootElement;
    }
}
