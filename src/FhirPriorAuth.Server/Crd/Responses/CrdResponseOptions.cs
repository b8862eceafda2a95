namespace FhirPriorAuth.Server.Crd.Responses;

/// <summary>What CRD cards link to (section <c>Crd</c>).</summary>
public sealed class CrdResponseOptions
{
    public const string Section = "Crd";

    /// <summary>
    /// The DTR SMART app's launch URL. When set, a coverage card that asks for documentation carries a <c>smart</c>
    /// link to it; unset, the card has no link (the coverage-information annotation alone tells the EHR to launch DTR).
    /// </summary>
    public string? DtrLaunchUrl { get; set; }

    /// <summary>
    /// The published text of each payer policy, keyed by the policy's PlanDefinition id (<c>wellmark-lutathera</c>),
    /// for policies whose artifact names no URL. A policy with neither links to this server's own page for it
    /// (<c>/policies/{id}</c>).
    /// </summary>
    public Dictionary<string, string> PolicyLinks { get; set; } = new(StringComparer.Ordinal);
}
