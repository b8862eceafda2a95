using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FhirPriorAuth.Server.Auth.Jose;
using FhirPriorAuth.Server.Tests.Infrastructure;

namespace FhirPriorAuth.Server.Tests.Auth;

/// <summary>A test backend client: its RSA and EC keys, and signed (or deliberately mis-signed) client assertions.</summary>
internal sealed class TestClient : IDisposable
{
    public const string Id = "test-provider";
    public const string RsaKid = "rsa-1";
    public const string EcKid = "ec-1";
    public const string TokenEndpoint = "http://localhost/auth/token";

    public RSA Rsa { get; } = RSA.Create(2048);

    public ECDsa Ec { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP384);

    public string Jwks => JsonSerializer.Serialize(new { keys = new object[] { JsonWebKeys.ToPublicJwk(Rsa, RsaKid), JsonWebKeys.ToPublicJwk(Ec, EcKid) } });

    /// <summary>Standard claims for a valid assertion; tests change one at a time.</summary>
    public static Dictionary<string, object> Claims(string? jti = null)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return new()
        {
            ["iss"] = Id,
            ["sub"] = Id,
            ["aud"] = TokenEndpoint,
            ["exp"] = now + 240,
            ["iat"] = now,
            ["jti"] = jti ?? Guid.NewGuid().ToString("N"),
        };
    }

    public string Sign(string alg, Dictionary<string, object>? claims = null, string? kid = null)
    {
        var header = new Dictionary<string, string> { ["alg"] = alg, ["typ"] = "JWT" };
        if ((kid ?? DefaultKid(alg)) is { } k)
            header["kid"] = k;
        return TestJws.Sign(header, claims ?? Claims(), Rsa, Ec, Jwks);
    }

    public static string Encode(object json) => TestJws.Encode(json);

    public void Dispose()
    {
        Rsa.Dispose();
        Ec.Dispose();
    }

    private static string? DefaultKid(string alg) => alg.StartsWith("ES", StringComparison.Ordinal) ? EcKid : RsaKid;
}
