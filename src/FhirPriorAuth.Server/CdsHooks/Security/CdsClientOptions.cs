namespace FhirPriorAuth.Server.CdsHooks.Security;

/// <summary>Configuration section <c>CdsHooks</c>: which CDS clients (EHRs) may call our services, and our public address.</summary>
public sealed class CdsClientOptions
{
    public const string Section = "CdsHooks";

    /// <summary>
    /// The public base URL clients call (e.g. <c>https://payer.example/crd</c>), which a client JWT's <c>aud</c> must
    /// start: <c>{PublicBaseUrl}/cds-services/{id}</c>. Unset: the base of <c>Auth:TokenEndpoint</c>, else (loopback-only
    /// servers) a loopback name; never the request's Host header.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The EHRs whose signed JWTs are accepted.</summary>
    public List<TrustedCdsClient> TrustedClients { get; set; } = [];
}

/// <summary>One trusted CDS client: the <c>iss</c> its JWTs carry and where its public keys are.</summary>
public sealed class TrustedCdsClient
{
    public string Issuer { get; set; } = "";

    /// <summary>The client's JWK Set as inline JSON.</summary>
    public string? Jwks { get; set; }

    /// <summary>Where the client publishes its JWK Set (http or https), fetched and cached; a <c>jku</c> equal to it is accepted.</summary>
    public string? JwksUrl { get; set; }

    /// <summary>Further JWK Set URLs a JWT's <c>jku</c> header may name; any other <c>jku</c> is refused unfetched.</summary>
    public List<string> AllowedJku { get; set; } = [];
}
