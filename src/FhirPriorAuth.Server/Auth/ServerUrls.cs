namespace FhirPriorAuth.Server.Auth;

/// <summary>
/// The server's public addresses as clients see them, which are security audiences (client assertions name the token
/// endpoint, access tokens name the FHIR base, CDS client JWTs name the service URL). They come from configuration
/// (<c>Auth:TokenEndpoint</c>, <c>CdsHooks:PublicBaseUrl</c>), never from a request header: a forged <c>Host</c> must
/// not turn an assertion minted for another server into one for this server. Only a server bound to loopback alone
/// may run without them (start-up refuses otherwise, <see cref="PublicUrlIsConfigured"/>); it answers to a loopback
/// name and the port it actually listens on, whatever else the Host header says.
/// </summary>
public static class ServerUrls
{
    public const string TokenPath = "/auth/token";

    public static string TokenEndpoint(HttpContext context, AuthOptions options) =>
        options.TokenEndpoint is { Length: > 0 } configured ? configured : LoopbackBase(context) + TokenPath;

    /// <summary>Issued tokens name this as iss: the server that signs them.</summary>
    public static string Issuer(HttpContext context, AuthOptions options) => Base(context, options);

    /// <summary>Issued tokens name the FHIR base as aud: they are good for this FHIR API only.</summary>
    public static string Audience(HttpContext context, AuthOptions options) => Base(context, options) + "/fhir";

    /// <summary>
    /// The public base for a service configured with its own <paramref name="publicBaseUrl"/> (CDS Hooks): that, else
    /// the base of <c>Auth:TokenEndpoint</c>, else the loopback default.
    /// </summary>
    public static string PublicBase(HttpContext context, string? publicBaseUrl, AuthOptions options) =>
        publicBaseUrl is { Length: > 0 } configured ? configured.TrimEnd('/') : Base(context, options);

    private static string Base(HttpContext context, AuthOptions options)
    {
        if (options.TokenEndpoint is { Length: > 0 } configured)
        {
            var trimmed = configured.TrimEnd('/');
            return trimmed.EndsWith(TokenPath, StringComparison.Ordinal) ? trimmed[..^TokenPath.Length] : new Uri(configured).GetLeftPart(UriPartial.Authority);
        }
        return LoopbackBase(context);
    }

    /// <summary>
    /// Without a configured URL (allowed on loopback only): the request's own base when its Host is a loopback name on
    /// the port the connection arrived at; any other Host gets <c>localhost</c> on that port, so a forged Host never
    /// becomes an audience.
    /// </summary>
    private static string LoopbackBase(HttpContext context)
    {
        var request = context.Request;
        var port = context.Connection.LocalPort;
        var host = request.Host;
        var trusted = host.HasValue && LoopbackBinding.IsLoopback(host.Value)
            && (port == 0 || host.Port == port || (host.Port is null && port == DefaultPort(request.Scheme)));
        if (trusted)
            return $"{request.Scheme}://{host.Value}{request.PathBase.Value}";
        var authority = port == 0 || port == DefaultPort(request.Scheme) ? "localhost" : $"localhost:{port}";
        return $"{request.Scheme}://{authority}{request.PathBase.Value}";
    }

    private static int DefaultPort(string scheme) => scheme == Uri.UriSchemeHttps ? 443 : 80;
}
