namespace FhirPriorAuth.Server.Auth;

/// <summary>
/// The server's public addresses as clients see them: from <c>Auth:TokenEndpoint</c> when configured (behind a
/// proxy), otherwise from the request's scheme, host and path base.
/// </summary>
public static class ServerUrls
{
    public const string TokenPath = "/auth/token";

    public static string TokenEndpoint(HttpContext context, AuthOptions options) =>
        options.TokenEndpoint is { Length: > 0 } configured ? configured : Base(context, options) + TokenPath;

    /// <summary>Issued tokens name this as iss: the server that signs them.</summary>
    public static string Issuer(HttpContext context, AuthOptions options) => Base(context, options);

    /// <summary>Issued tokens name the FHIR base as aud: they are good for this FHIR API only.</summary>
    public static string Audience(HttpContext context, AuthOptions options) => Base(context, options) + "/fhir";

    private static string Base(HttpContext context, AuthOptions options)
    {
        if (options.TokenEndpoint is { Length: > 0 } configured)
        {
            var trimmed = configured.TrimEnd('/');
            return trimmed.EndsWith(TokenPath, StringComparison.Ordinal) ? trimmed[..^TokenPath.Length] : new Uri(configured).GetLeftPart(UriPartial.Authority);
        }
        var request = context.Request;
        return $"{request.Scheme}://{request.Host.Value}{request.PathBase.Value}";
    }
}
