using System.ComponentModel.DataAnnotations;

namespace FhirPriorAuth.Server.FhirApi;

/// <summary>
/// Denial-of-service limits on what a client may send (configuration section <c>Server</c>).
/// They are checked before any parsing work, so an oversized or absurdly nested body costs little.
/// </summary>
public sealed class ServerLimits
{
    public const string Section = "Server";

    /// <summary>Largest accepted request body. Bundles of a PAS claim with attachments stay well under 10 MB.</summary>
    [Range(1, int.MaxValue)]
    public long MaxRequestBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Deepest accepted JSON nesting; real FHIR resources rarely exceed 20 levels.</summary>
    [Range(1, 1000)]
    public int MaxJsonDepth { get; set; } = 128;

    /// <summary>
    /// Most resources (Bundle entries and prefetch values) plus context array items one CDS Hooks call may carry; more is
    /// a 422. A real order-sign or encounter-start carries tens; this bounds the work of one call by count, not only bytes.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxCdsResourcesPerCall { get; set; } = 1000;

    /// <summary>
    /// Most orders one CRD call may put in scope (draft, selected, dispatched or, for the encounter hooks, the patient's
    /// open orders, fetched or sent); more is a 422. Each is assessed against the whole request.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxCdsOrdersPerCall { get; set; } = 100;
}
