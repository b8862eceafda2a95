using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FhirPriorAuth.Server.Tests.Fuzz;

/// <summary>One address the server maps: its HTTP method and route template.</summary>
internal sealed record ServerEndpoint(string Method, string Template)
{
    public bool TakesBody => Method is "POST" or "PUT" or "PATCH";

    /// <summary>The template with each route parameter replaced by <paramref name="value"/> (escaped for the path).</summary>
    public string Path(Func<string, string> value) =>
        "/" + string.Join('/', Template.Trim('/').Split('/').Select(segment =>
            segment.StartsWith('{') && segment.EndsWith('}') ? Uri.EscapeDataString(value(segment.Trim('{', '}').Split(':')[0])) : segment));
}

/// <summary>Every endpoint the running app maps, read from its endpoint data source, so new endpoints are covered automatically.</summary>
internal static class ServerEndpoints
{
    public static IReadOnlyList<ServerEndpoint> Of(IServiceProvider services) =>
        [.. services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => new ServerEndpoint(m, e.RoutePattern.RawText ?? "/")))
            .Where(e => e.Method != "OPTIONS")
            .Distinct()
            .OrderBy(e => e.Template, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal)];
}
