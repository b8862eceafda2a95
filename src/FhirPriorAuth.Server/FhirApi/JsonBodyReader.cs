using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Serialization;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace FhirPriorAuth.Server.FhirApi;

/// <summary>
/// The one way endpoints outside the FHIR resource API (CDS Hooks calls and feedback, reviewer decisions) take a JSON
/// body: the same limits (413) and the same strict JSON checks as the FHIR parser (<see cref="StrictJson"/>: UTF-8,
/// duplicate keys, depth, lone surrogates; 400), a JSON Content-Type when one is declared (415), and a JSON object at
/// the root (400). The result can be read anywhere without a decoding exception; its shape is the caller's to check.
/// </summary>
internal sealed class JsonBodyReader(RequestBodyReader bodyReader, IOptions<ServerLimits> limits)
{
    /// <param name="what">What the body should be, for the client: "a CDS Hooks request".</param>
    public async Task<JsonObject> ReadObjectAsync(HttpRequest request, string what, CancellationToken cancellationToken)
    {
        if (request.ContentType is { Length: > 0 } declared && !IsJson(declared))
            throw new FhirRequestException(StatusCodes.Status415UnsupportedMediaType, OutcomeIssue.Error(IssueTypes.NotSupported,
                $"The body must be JSON: send Content-Type application/json (UTF-8) with {what}"));
        var body = await bodyReader.ReadAsync(request, cancellationToken);
        var parsed = StrictJson.Parse(body.Span, limits.Value.MaxJsonDepth);
        if (!parsed.IsReadable)
            throw new FhirRequestException(StatusCodes.Status400BadRequest, [.. parsed.Issues.Select(ResourceParser.ToOutcomeIssue)]);
        return parsed.Root as JsonObject ?? throw new FhirRequestException(StatusCodes.Status400BadRequest,
            OutcomeIssue.Error(IssueTypes.Structure, $"The body must be a JSON object: {what}"));
    }

    private static bool IsJson(string contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type)
        && (type.MediaType.Equals(FhirMediaTypes.Json, StringComparison.OrdinalIgnoreCase)
            || (type.Type.Equals("application", StringComparison.OrdinalIgnoreCase)
                && type.SubType.EndsWith("+json", StringComparison.OrdinalIgnoreCase))
            || type.MediaType.Equals("application/json+fhir", StringComparison.OrdinalIgnoreCase))
        // JSON is UTF-8 (RFC 8259); a different declared charset means the bytes would be misread.
        && (!type.Charset.HasValue || type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
}
