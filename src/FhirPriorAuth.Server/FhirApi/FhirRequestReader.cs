using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.FhirApi;

/// <summary>
/// The one way FHIR endpoints take a resource from a request body. A body that cannot be read as a resource
/// at all (bad JSON, too deep, duplicate keys, no resourceType) is always a 400. Whether content errors are
/// also a 400 depends on the operation: <c>$validate</c> reports them, operations that act on a resource refuse it.
/// </summary>
internal sealed class FhirRequestReader(RequestBodyReader bodyReader, IOptions<ServerLimits> limits)
{
    /// <summary>A readable resource and the content issues found in it (for operations that report issues).</summary>
    public async Task<(JsonObject Resource, IReadOnlyList<OutcomeIssue> Issues)> ReadResourceAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var parsed = await ParseBodyAsync(request, cancellationToken);
        if (parsed.Resource is null)
            throw Unreadable(parsed.Issues);
        return (parsed.Resource, parsed.Issues);
    }

    /// <summary>A resource without errors (for operations that act on it); any error refuses the request with all issues.</summary>
    public async Task<JsonObject> ReadValidResourceAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var parsed = await ParseBodyAsync(request, cancellationToken);
        if (parsed.Resource is null || parsed.HasErrors)
            throw Unreadable(parsed.Issues);
        return parsed.Resource;
    }

    private async Task<ParsedResource> ParseBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await bodyReader.ReadAsync(request, cancellationToken);
        return ResourceParser.Parse(body.Span, limits.Value.MaxJsonDepth);
    }

    private static FhirRequestException Unreadable(IReadOnlyList<OutcomeIssue> issues) =>
        new(StatusCodes.Status400BadRequest, issues.Count > 0
            ? issues
            : [OutcomeIssue.Error(IssueTypes.Structure, "The body is not a FHIR resource")]);
}
