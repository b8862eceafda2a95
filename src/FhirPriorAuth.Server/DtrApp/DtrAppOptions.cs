namespace FhirPriorAuth.Server.DtrApp;

/// <summary>Configuration section <c>DtrApp</c>: the EHRs the DTR SMART app (<c>/dtr/</c>) may be launched from.</summary>
public sealed class DtrAppOptions
{
    public const string Section = "DtrApp";

    public List<DtrAppEhr> Ehrs { get; set; } = [];

    /// <summary>The EHR whose FHIR base is <paramref name="iss"/> (a launch's <c>iss</c>), or null.</summary>
    public DtrAppEhr? ByFhirBase(string? iss) =>
        iss is null ? null : Ehrs.FirstOrDefault(e => string.Equals(e.FhirBaseUrl.TrimEnd('/'), iss.TrimEnd('/'), StringComparison.Ordinal));
}

/// <summary>One EHR: where its FHIR API is, the app's client id there, and whose id_tokens the payer accepts.</summary>
public sealed class DtrAppEhr
{
    /// <summary>Shown to the user picking an EHR for a standalone launch.</summary>
    public string Name { get; set; } = "";

    /// <summary>The EHR's FHIR base: the <c>iss</c> of its launches and the <c>aud</c> the app asks tokens for.</summary>
    public string FhirBaseUrl { get; set; } = "";

    /// <summary>The app's client id registered at the EHR (the <c>aud</c> of the EHR's id_tokens).</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The <c>iss</c> of the EHR's id_tokens; unset: <see cref="FhirBaseUrl"/>.</summary>
    public string? IdTokenIssuer { get; set; }

    /// <summary>Where the EHR publishes the keys its id_tokens are signed with (RS384 or ES384).</summary>
    public string? JwksUrl { get; set; }

    /// <summary>The EHR's JWK Set inline, instead of <see cref="JwksUrl"/>.</summary>
    public string? Jwks { get; set; }

    /// <summary>Whether a payer token from this EHR's users may also submit PAS requests (<c>Claim.c</c>, <c>Claim.r</c>).</summary>
    public bool AllowClaimSubmit { get; set; }

    public string Issuer => IdTokenIssuer is { Length: > 0 } issuer ? issuer : FhirBaseUrl;
}
