using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.CdsHooks;

/// <summary>CDS Hooks settings (configuration section <c>CdsHooks</c>).</summary>
public sealed class CdsHooksOptions
{
    public const string Section = "CdsHooks";

    /// <summary>
    /// This server's public base URL as EHRs reach it (behind a proxy), e.g. <c>https://payer.example.org</c>; answers
    /// name it in DTR links. Empty: the base of <c>Auth:TokenEndpoint</c>, else (loopback-only servers) a loopback name.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// Days a CDS call, its answer and any feedback on it are kept for dispute resolution (CRD security.md), then
    /// removed. Default ten years; set it to what the payer's record-retention rules require.
    /// </summary>
    [Range(1, 36_500)]
    public int RetentionDays { get; set; } = 3650;

    /// <summary>How the services query the client's <c>fhirServer</c> for prefetch data the client did not send.</summary>
    [ValidateObjectMembers]
    public FhirServerFetchOptions FhirServer { get; set; } = new();
}

/// <summary>Limits on the queries a hook call makes to the EHR's FHIR server (section <c>CdsHooks:FhirServer</c>).</summary>
public sealed class FhirServerFetchOptions
{
    /// <summary>Time allowed for all queries of one hook call together; CRD wants an answer within 5 s.</summary>
    [Range(100, 60_000)]
    public int TimeoutMilliseconds { get; set; } = 3000;

    /// <summary>Queries of one hook call running at the same time.</summary>
    [Range(1, 32)]
    public int MaxParallelRequests { get; set; } = 4;

    /// <summary>Largest FHIR response read; a bigger one counts as a failed query.</summary>
    [Range(1024, int.MaxValue)]
    public int MaxResponseBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>
    /// Whether a plain-http <c>fhirServer</c> may be queried (the token would travel in clear). Off by default; for
    /// local test set-ups only.
    /// </summary>
    public bool AllowHttp { get; set; }

    /// <summary>
    /// When not empty, only a <c>fhirServer</c> starting with one of these base URLs is queried (the EHRs this payer
    /// works with); others are treated as unreachable. Empty: any server an authenticated CDS client names.
    /// </summary>
    public string[] AllowedBaseUrls { get; set; } = [];

    /// <summary>Whether queries may go to this FHIR base at all.</summary>
    public bool Permits(Uri baseUrl) =>
        (baseUrl.Scheme == Uri.UriSchemeHttps || (AllowHttp && baseUrl.Scheme == Uri.UriSchemeHttp))
        && (AllowedBaseUrls.Length == 0 || AllowedBaseUrls.Any(allowed =>
            baseUrl.AbsoluteUri.StartsWith(allowed.EndsWith('/') ? allowed : allowed + "/", StringComparison.OrdinalIgnoreCase)));
}
