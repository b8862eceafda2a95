using System.Net;

namespace FhirPriorAuth.Server.Auth;

/// <summary>
/// Works out, from configuration alone and before anything listens, whether the server binds only loopback
/// addresses. Anything it cannot recognise as loopback counts as exposed, so the check errs towards refusing.
/// </summary>
internal static class LoopbackBinding
{
    /// <summary>Kestrel's address when nothing is configured.</summary>
    private const string DefaultUrl = "http://localhost:5000";

    /// <summary>The configured addresses that are not loopback (empty when the server stays on this machine).</summary>
    public static IReadOnlyList<string> ExposedAddresses(IConfiguration configuration)
    {
        var urls = new List<string>();
        urls.AddRange(Split(configuration["urls"]));
        urls.AddRange(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>());

        var exposed = new List<string>();
        // http_ports / https_ports (ASPNETCORE_HTTP_PORTS in container images) bind every interface.
        exposed.AddRange(Split(configuration["http_ports"]).Select(p => $"http://*:{p}"));
        exposed.AddRange(Split(configuration["https_ports"]).Select(p => $"https://*:{p}"));

        if (urls.Count == 0 && exposed.Count == 0)
            urls.Add(DefaultUrl);
        exposed.AddRange(urls.Where(u => !IsLoopback(u)));
        return exposed;
    }

    public static bool IsLoopback(string url)
    {
        var rest = url.Trim();
        var scheme = rest.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
            rest = rest[(scheme + 3)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
            rest = rest[..slash];

        string host;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            host = close > 0 ? rest[1..close] : rest;
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            host = colon >= 0 ? rest[..colon] : rest;
        }

        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            return true;
        return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);
    }

    private static IEnumerable<string> Split(string? list) =>
        (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
