using FhirPriorAuth.Server.Web;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.DtrApp;

/// <summary>The DTR SMART app at <c>/dtr/</c>: its files, its launch configuration and the payer session exchange.</summary>
public static class DtrAppRegistration
{
    public const string Base = "/dtr";

    public static IServiceCollection AddDtrApp(this IServiceCollection services)
    {
        services.AddOptions<DtrAppOptions>().BindConfiguration(DtrAppOptions.Section);
        services.AddSingleton<DtrSessionEndpoint>();
        services.AddSingleton<WebAssets>();
        return services;
    }

    public static IEndpointRouteBuilder MapDtrApp(this IEndpointRouteBuilder endpoints)
    {
        var dtr = endpoints.MapGroup(Base).AllowAnonymous();
        dtr.MapGet("/", Page);
        dtr.MapGet("/launch", Page);
        dtr.MapGet("/{file}", (string file, HttpContext http, WebAssets assets, IOptions<DtrAppOptions> options) =>
            file == "index.html" ? Results.NotFound() : WithPolicy(http, options.Value, assets.File("dtr/" + file, "no-cache", http)) ?? Results.NotFound());
        dtr.MapGet("/config", Config);
        dtr.MapPost("/session", (HttpContext http, DtrSessionEndpoint session, CancellationToken ct) => session.HandleAsync(http, ct));
        return endpoints;
    }

    private static IResult Page(HttpContext http, WebAssets assets, IOptions<DtrAppOptions> options) =>
        WithPolicy(http, options.Value, assets.File("dtr/index.html", "no-cache", http))
        ?? Results.Content("The DTR app is not built (npm ci --prefix web && npm run build --prefix web).", "text/plain", statusCode: StatusCodes.Status404NotFound);

    /// <summary>
    /// Scripts and styles only from here; requests only to this server and the registered EHRs (so no data leaves for
    /// another host even if a form tried); framing only by those EHRs.
    /// </summary>
    private static IResult? WithPolicy(HttpContext http, DtrAppOptions options, IResult? result)
    {
        if (result is null)
            return null;
        var ehrs = string.Join(' ', options.Ehrs.Select(e => Origin(e.FhirBaseUrl)).OfType<string>().Distinct());
        http.Response.Headers.ContentSecurityPolicy =
            $"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' {ehrs}; " +
            $"base-uri 'none'; form-action 'none'; frame-ancestors 'self' {ehrs}".Replace("  ", " ", StringComparison.Ordinal);
        return result;
    }

    private static string? Origin(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : null;

    /// <summary>
    /// <c>GET /dtr/config?iss=</c>: the app's client id at that EHR (404 for an unregistered one); without <c>iss</c>,
    /// the EHRs a standalone launch may pick.
    /// </summary>
    private static IResult Config(string? iss, HttpContext http, IOptions<DtrAppOptions> options)
    {
        http.Response.Headers.CacheControl = "no-store";
        if (iss is null)
            return Results.Json(new { ehrs = options.Value.Ehrs.Select(e => new { iss = e.FhirBaseUrl, clientId = e.ClientId, name = e.Name }) });
        return options.Value.ByFhirBase(iss) is { } ehr
            ? Results.Json(new { clientId = ehr.ClientId, name = ehr.Name })
            : Results.Json(new { error = "unknown EHR" }, statusCode: StatusCodes.Status404NotFound);
    }
}
