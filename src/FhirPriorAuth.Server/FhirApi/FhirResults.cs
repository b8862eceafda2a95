using System.Text.Json.Nodes;

namespace FhirPriorAuth.Server.FhirApi;

/// <summary>Results and writers that put FHIR JSON on the wire with the FHIR media type.</summary>
public static class FhirResults
{
    public static IResult Resource(JsonObject resource, int statusCode = StatusCodes.Status200OK) =>
        new FhirJsonResult(resource, statusCode);

    public static IResult Outcome(int statusCode, IEnumerable<OutcomeIssue> issues, string? id = null) =>
        new FhirJsonResult(OperationOutcomes.Create(issues, id), statusCode);

    /// <summary>Writes an error OperationOutcome stamped with the request's correlation id (used outside endpoints: auth, error pages).</summary>
    public static Task WriteOutcomeAsync(HttpContext context, int statusCode, IEnumerable<OutcomeIssue> issues) =>
        WriteAsync(context, OperationOutcomes.Create(issues, context.TraceIdentifier), statusCode);

    public static async Task WriteAsync(HttpContext context, JsonObject resource, int statusCode)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = FhirMediaTypes.FhirJsonUtf8;
        await context.Response.WriteAsync(resource.ToJsonString(), context.RequestAborted);
    }

    private sealed class FhirJsonResult(JsonObject resource, int statusCode) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => statusCode;

        public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext, resource, statusCode);
    }
}
