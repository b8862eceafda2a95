using System.Text.Json.Nodes;

namespace FhirPriorAuth.Server.CdsHooks;

/// <summary>
/// A CDS Hooks request whose envelope was checked. <see cref="Body"/> no longer holds <c>fhirAuthorization</c>: the
/// access token lives only in <see cref="FhirServer"/>, for the duration of the call. The body came through the strict
/// JSON reader (every string decodable, no duplicate keys) and <see cref="CdsRequestShape"/>: <see cref="Context"/> is an
/// object, <c>prefetch</c> (when present) an object of objects or nulls, and every Bundle in either holds object entries.
/// </summary>
/// <param name="ServerBase">This server's public base URL, without a trailing slash.</param>
public sealed record CdsHookRequest(string Hook, string HookInstance, JsonObject Body, JsonObject Context,
    FhirServerAccess? FhirServer, string ServerBase);

/// <summary>
/// The client's FHIR server and the bearer token it granted for this call. Deliberately not a record: a generated
/// <c>ToString</c> would print the token into any log line that formats this object.
/// </summary>
public sealed class FhirServerAccess(Uri baseUrl, string? accessToken)
{
    /// <summary>The FHIR base, always ending in a slash so relative queries resolve beneath it.</summary>
    public Uri BaseUrl { get; } = baseUrl;

    /// <summary>The <c>fhirAuthorization.access_token</c>, or null for a server the client says needs none.</summary>
    public string? AccessToken { get; } = accessToken;

    public override string ToString() => $"FHIR server {BaseUrl.GetLeftPart(UriPartial.Authority)}";
}
