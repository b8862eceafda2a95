using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FhirPriorAuth.Server.Auth.Jose;

namespace FhirPriorAuth.Server.Tests.Infrastructure;

/// <summary>Signs test JWTs (SMART client assertions, EHR hook tokens), well or deliberately badly.</summary>
internal static class TestJws
{
    /// <summary>
    /// A compact JWS with this header over <paramref name="claims"/>. The signature follows the header's <c>alg</c>:
    /// RS384/RS256 with <paramref name="rsa"/>, ES384 with <paramref name="ec"/>, HS256/HS384 keyed with the signer's
    /// published JWKS (the key-confusion attack), <c>none</c> with no signature.
    /// </summary>
    public static string Sign(IReadOnlyDictionary<string, string> header, object claims, RSA rsa, ECDsa ec, string publishedJwks)
    {
        var input = Encode(header) + "." + Encode(claims);
        var data = Encoding.ASCII.GetBytes(input);
        var signature = header["alg"] switch
        {
            "RS384" => rsa.SignData(data, HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1),
            "RS256" => rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            "ES384" => ec.SignData(data, HashAlgorithmName.SHA384),
            "HS256" => HMACSHA256.HashData(Encoding.UTF8.GetBytes(publishedJwks), data),
            "HS384" => HMACSHA384.HashData(Encoding.UTF8.GetBytes(publishedJwks), data),
            "none" => [],
            var alg => throw new ArgumentException($"no test signer for {alg}", nameof(header)),
        };
        return input + "." + CompactJws.Encode(signature);
    }

    public static string Encode(object json) => CompactJws.Encode(JsonSerializer.SerializeToUtf8Bytes(json));
}
