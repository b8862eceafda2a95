using Microsoft.Net.Http.Headers;

namespace FhirPriorAuth.Server.FhirApi;

/// <summary>
/// Checks, before any FHIR endpoint runs, that the client can read JSON (<c>_format</c>, else <c>Accept</c>: 406)
/// and that a request body is declared as JSON (415). Unmatched routes skip it and answer 404/405 instead.
/// </summary>
internal sealed class ContentNegotiation : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        if (!ClientAcceptsJson(request))
        {
            return FhirResults.Outcome(StatusCodes.Status406NotAcceptable,
                [OutcomeIssue.Error(IssueTypes.NotSupported, "This server answers only in FHIR JSON (application/fhir+json); use _format=json or a matching Accept header")],
                context.HttpContext.TraceIdentifier);
        }
        if (CarriesBody(request) && !DeclaresJsonBody(request))
        {
            return FhirResults.Outcome(StatusCodes.Status415UnsupportedMediaType,
                [OutcomeIssue.Error(IssueTypes.NotSupported, "The request body must be FHIR JSON: send Content-Type application/fhir+json (UTF-8)")],
                context.HttpContext.TraceIdentifier);
        }
        return await next(context);
    }

    private static bool CarriesBody(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method);

    /// <summary>FHIR lets <c>_format</c> override Accept, for clients (browsers) that cannot set headers.</summary>
    private static bool ClientAcceptsJson(HttpRequest request)
    {
        if (request.Query.TryGetValue("_format", out var formats))
            return formats.All(f => f is not null && FhirMediaTypes.FormatParameterValues.Contains(f.Trim(), StringComparer.OrdinalIgnoreCase));

        var accept = request.Headers.Accept;
        if (accept.Count == 0)
            return true;
        if (!MediaTypeHeaderValue.TryParseList(accept, out var ranges))
            return false;
        return ranges.Any(range => (range.Quality ?? 1) > 0 && Acceptable(range));
    }

    private static bool Acceptable(MediaTypeHeaderValue range) =>
        range.MatchesAllTypes
        || (range.MatchesAllSubTypes && range.Type.Equals("application", StringComparison.OrdinalIgnoreCase))
        || FhirMediaTypes.Supported.Any(m => range.MediaType.Equals(m, StringComparison.OrdinalIgnoreCase));

    private static bool DeclaresJsonBody(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType))
            return false;
        if (!FhirMediaTypes.Supported.Any(m => contentType.MediaType.Equals(m, StringComparison.OrdinalIgnoreCase)))
            return false;
        // JSON is UTF-8 (RFC 8259); a different declared charset means the bytes would be misread.
        return !contentType.Charset.HasValue || contentType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase);
    }
}
