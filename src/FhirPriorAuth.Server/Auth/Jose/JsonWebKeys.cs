using System.Security.Cryptography;
using System.Text.Json;

namespace FhirPriorAuth.Server.Auth.Jose;

/// <summary>A public key from a JWKS, ready to verify: RSA (n, e) or EC P-384 (x, y). Private members are ignored.</summary>
public sealed record PublicJsonWebKey(string? KeyId, AsymmetricAlgorithm Key);

public static class JsonWebKeys
{
    /// <summary>The usable signing keys of a JWK Set; keys of other types, curves or uses are skipped.</summary>
    public static IReadOnlyList<PublicJsonWebKey> ParseSet(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
            throw new FormatException("A JWK Set is a JSON object with a \"keys\" array");
        var result = new List<PublicJsonWebKey>();
        foreach (var jwk in keys.EnumerateArray())
        {
            if (jwk.ValueKind == JsonValueKind.Object && TryParse(jwk) is { } key)
                result.Add(key);
        }
        return result;
    }

    public static PublicJsonWebKey? TryParse(JsonElement jwk)
    {
        if (Text(jwk, "use") is { } use && use != "sig")
            return null;
        var kid = Text(jwk, "kid");
        switch (Text(jwk, "kty"))
        {
            case "RSA":
                if (Bytes(jwk, "n") is not { Length: >= 256 } n || Bytes(jwk, "e") is not { Length: > 0 } e)
                    return null;
                var rsa = RSA.Create();
                rsa.ImportParameters(new RSAParameters { Modulus = n, Exponent = e });
                return new PublicJsonWebKey(kid, rsa);
            case "EC":
                if (Text(jwk, "crv") != "P-384" || Bytes(jwk, "x") is not { Length: 48 } x || Bytes(jwk, "y") is not { Length: 48 } y)
                    return null;
                try
                {
                    // ImportParameters checks the point lies on the curve.
                    var ec = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP384, Q = new ECPoint { X = x, Y = y } });
                    return new PublicJsonWebKey(kid, ec);
                }
                catch (CryptographicException)
                {
                    return null;
                }
            default:
                return null;
        }
    }

    /// <summary>The public JWK of a P-384 key (for publishing or tests).</summary>
    public static Dictionary<string, string> ToPublicJwk(ECDsa key, string keyId)
    {
        var p = key.ExportParameters(includePrivateParameters: false);
        return new() { ["kty"] = "EC", ["crv"] = "P-384", ["kid"] = keyId, ["use"] = "sig", ["x"] = CompactJws.Encode(p.Q.X), ["y"] = CompactJws.Encode(p.Q.Y) };
    }

    /// <summary>The public JWK of an RSA key (for publishing or tests).</summary>
    public static Dictionary<string, string> ToPublicJwk(RSA key, string keyId)
    {
        var p = key.ExportParameters(includePrivateParameters: false);
        return new() { ["kty"] = "RSA", ["kid"] = keyId, ["use"] = "sig", ["n"] = CompactJws.Encode(p.Modulus), ["e"] = CompactJws.Encode(p.Exponent) };
    }

    private static string? Text(JsonElement jwk, string name) =>
        jwk.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static byte[]? Bytes(JsonElement jwk, string name) => Text(jwk, name) is { } t ? CompactJws.Decode(t) : null;
}
