namespace FhirPriorAuth.Server.Hosting;

/// <summary>
/// Keeps request paths, query strings and header values out of the framework's own log lines, in code, so it holds
/// whatever configuration is (or is not) loaded: running from the source folder without <c>appsettings.json</c> once
/// logged a planted path value 187 times. FHIR search URLs and ids carry patient identifiers; the server's own request
/// line (<see cref="RequestLogging"/>) names the route template instead.
/// </summary>
public static class LogPrivacy
{
    /// <summary>Framework categories that write the raw path, query, target URL or a header value below Warning.</summary>
    public static readonly IReadOnlyList<string> QuietedCategories =
    [
        // "Request starting HTTP/1.1 GET http://host/fhir/Patient/123?identifier=..." and "Request finished ...".
        "Microsoft.AspNetCore.Hosting.Diagnostics",
        // Debug: "... candidate(s) found for the request path '/review/tasks/...'".
        "Microsoft.AspNetCore.Routing",
        // Debug: "The request path /... does not match ...".
        "Microsoft.AspNetCore.StaticFiles",
        // Information: the Origin header of a refused CORS request.
        "Microsoft.AspNetCore.Cors",
        // Debug: bad request lines with their target.
        "Microsoft.AspNetCore.Server.Kestrel",
        // Information: the EHR FHIR queries (Patient/{id}, ?patient=...) made to complete prefetch.
        "System.Net.Http.HttpClient",
    ];

    public static ILoggingBuilder KeepRequestDetailsOutOfLogs(this ILoggingBuilder logging)
    {
        foreach (var category in QuietedCategories)
            logging.AddFilter(category, LogLevel.Warning);
        return logging;
    }
}
