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
}
