using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FhirPriorAuth.Server.Auth.Jose;

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
        var input = Encode(header) + "." + Encode(claims ?? Claims());
        var data = Encoding.ASCII.GetBytes(input);
        var signature = alg switch
        {
            "RS384" => Rsa.SignData(data, HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1),
            "RS256" => Rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            "ES384" => Ec.SignData(data, HashAlgorithmName.SHA384),
            // The key-confusion attack: the public key, as published, used as an HMAC secret.
            "HS384" => HMACSHA384.HashData(Encoding.UTF8.GetBytes(Jwks), data),
            "none" => [],
            _ => throw new ArgumentException(alg),
        };
        return input + "." + CompactJws.Encode(signature);
    }

    public static string Encode(object json) => CompactJws.Encode(JsonSerializer.SerializeToUtf8Bytes(json));

    public void Dispose()
    {
        Rsa.Dispose();
        Ec.Dispose();
    }

    private static string? DefaultKid(string alg) => alg.StartsWith("ES", StringComparison.Ordinal) ? EcKid : RsaKid;
}
