using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FhirPriorAuth.Server.Auth.Jose;
using FhirPriorAuth.Server.Tests.Infrastructure;

namespace FhirPriorAuth.Server.Tests.CdsHooks.Security;

/// <summary>A test CDS client (EHR): its RSA and EC P-384 keys, and the JWTs it sends with hook calls (or deliberately bad ones).</summary>
internal sealed class TestEhr : IDisposable
{
    public const string Issuer = "https://ehr.example.org";
    public const string RsaKid = "ehr-rsa-1";
    public const string EcKid = "ehr-ec-1";
    public const string JwksUrl = "https://ehr.example.org/.well-known/jwks.json";
    public const string ServiceUrl = "http://localhost/cds-services/test-service";

    public RSA Rsa { get; } = RSA.Create(2048);

    public ECDsa Ec { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP384);

    public string Jwks => JwksOf(JsonWebKeys.ToPublicJwk(Rsa, RsaKid), JsonWebKeys.ToPublicJwk(Ec, EcKid));

    public static string JwksOf(params object[] keys) => JsonSerializer.Serialize(new { keys });

    /// <summary>The claims of a valid call token at <paramref name="now"/>; tests change one at a time.</summary>
    public static Dictionary<string, object> Claims(DateTimeOffset now, string audience = ServiceUrl)
    {
        var seconds = now.ToUnixTimeSeconds();
        return new()
        {
            ["iss"] = Issuer,
            ["aud"] = audience,
            ["exp"] = seconds + 300,
            ["iat"] = seconds,
            ["jti"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)),
        };
    }

    public static Dictionary<string, object> Claims() => Claims(DateTimeOffset.UtcNow);

    /// <summary>
    /// A JWS over <paramref name="claims"/>; <paramref name="kid"/> defaults to the key of the algorithm's family
    /// ("" leaves it out), and <paramref name="jku"/> is added to the header when given.
    /// </summary>
    public string Sign(string alg, Dictionary<string, object>? claims = null, string? kid = null, string? jku = null, ECDsa? ecKey = null)
    {
        var header = new Dictionary<string, string> { ["alg"] = alg, ["typ"] = "JWT" };
        kid ??= alg.StartsWith("ES", StringComparison.Ordinal) ? EcKid : RsaKid;
        if (kid.Length > 0)
            header["kid"] = kid;
        if (jku is not null)
            header["jku"] = jku;
        return TestJws.Sign(header, claims ?? Claims(), Rsa, ecKey ?? Ec, Jwks);
    }

    public static string Encode(object json) => TestJws.Encode(json);

    public void Dispose()
    {
        Rsa.Dispose();
        Ec.Dispose();
    }
}
