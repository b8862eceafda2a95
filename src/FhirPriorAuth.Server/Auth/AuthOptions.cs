namespace FhirPriorAuth.Server.Auth;

/// <summary>Configuration section <c>Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>
    /// When false, FHIR requests need no access token. Only allowed while every bound address is loopback,
    /// so a developer convenience can never expose an open payer API on a network.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The token endpoint's public URL, which client assertions must name as <c>aud</c>; its base is the issuer and
    /// (with <c>/fhir</c>) the audience of issued tokens. Required when authentication is on and the server listens
    /// beyond loopback; never worked out from request headers. Unset on a loopback-only server: a loopback name on the
    /// port the request arrived at.
    /// </summary>
    public string? TokenEndpoint { get; set; }

    /// <summary>Lifetime of issued access tokens.</summary>
    public int AccessTokenLifetimeSeconds { get; set; } = 300;

    /// <summary>Registered SMART Backend Services clients.</summary>
    public List<SmartClient> Clients { get; set; } = [];
}

/// <summary>One registered backend client: its id, where its public keys are, and the scopes it may be granted.</summary>
public sealed class SmartClient
{
    public string ClientId { get; set; } = "";

    /// <summary>The client's JWK Set as inline JSON.</summary>
    public string? Jwks { get; set; }

    /// <summary>Where the client publishes its JWK Set (http or https), fetched and cached.</summary>
    public string? JwksUrl { get; set; }

    /// <summary>Space-separated scopes the client may be granted, e.g. <c>system/Claim.c system/ClaimResponse.r</c>.</summary>
    public string Scopes { get; set; } = "";
}
