using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace FhirPriorAuth.Server.Auth.Jose;

/// <summary>
/// A JWS in compact serialisation (header.payload.signature), signed with RS384 or ES384 only. Anything else
/// (none, HMAC, RS256, JWE's five parts) is refused at parse time, before any key is looked at.
/// </summary>
public sealed class CompactJws
{
    public const string Rs384 = "RS384";
    public const string Es384 = "ES384";

    public static readonly IReadOnlyList<string> SupportedAlgorithms = [Rs384, Es384];

    private const int MaxTokenLength = 16 * 1024;
    private const int Es384SignatureBytes = 96;

    private readonly byte[] _signingInput;
    private readonly byte[] _signature;

    private CompactJws(string algorithm, string? keyId, JsonElement header, JsonElement payload, byte[] signingInput, byte[] signature)
    {
        Algorithm = algorithm;
        KeyId = keyId;
        Header = header;
        Payload = payload;
        _signingInput = signingInput;
        _signature = signature;
    }

    public string Algorithm { get; }

    public string? KeyId { get; }

    /// <summary>The protected header (alg, kid, typ, jku, ...), as untrusted as the payload until verified.</summary>
    public JsonElement Header { get; }

    /// <summary>The claims, not yet trusted until <see cref="Verify"/> returns true.</summary>
    public JsonElement Payload { get; }

    /// <summary>Null when the text is not a three-part JWS with an accepted algorithm and JSON object header and payload.</summary>
    public static CompactJws? TryParse(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
            return null;
        var parts = token.Split('.');
        if (parts.Length != 3)
            return null;
        var header = Decode(parts[0]);
        var payload = Decode(parts[1]);
        var signature = Decode(parts[2]);
        if (header is null || payload is null || signature is null || signature.Length == 0)
            return null;
        var headerJson = ParseObject(header);
        var payloadJson = ParseObject(payload);
        if (headerJson is not { } h || payloadJson is not { } p)
            return null;
        if (!h.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String)
            return null;
        var algorithm = alg.GetString()!;
        if (!SupportedAlgorithms.Contains(algorithm, StringComparer.Ordinal))
            return null;
        // "crit" names extensions we would have to understand (RFC 7515 §4.1.11); we understand none.
        if (h.TryGetProperty("crit", out _))
            return null;
        string? kid = h.TryGetProperty("kid", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
        return new CompactJws(algorithm, kid, h, p, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature);
    }

    /// <summary>True when the signature verifies with <paramref name="key"/> and the key's type fits the header's alg.</summary>
    public bool Verify(AsymmetricAlgorithm key)
    {
        try
        {
            return (Algorithm, key) switch
            {
                (Rs384, RSA rsa) => rsa.KeySize >= 2048
                    && rsa.VerifyData(_signingInput, _signature, HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1),
                (Es384, ECDsa ec) => ec.KeySize == 384 && _signature.Length == Es384SignatureBytes
                    && ec.VerifyData(_signingInput, _signature, HashAlgorithmName.SHA384, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
                _ => false,
            };
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>Signs <paramref name="claims"/> with an ES384 key.</summary>
    public static string SignEs384(ECDsa key, string keyId, object claims)
    {
        var header = Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["alg"] = Es384, ["typ"] = "JWT", ["kid"] = keyId }));
        var payload = Encode(JsonSerializer.SerializeToUtf8Bytes(claims));
        var input = header + "." + payload;
        var signature = key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA384, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return input + "." + Encode(signature);
    }

    public static string Encode(ReadOnlySpan<byte> bytes) => Base64Url.EncodeToString(bytes);

    public static byte[]? Decode(string text)
    {
        // Padding and standard-base64 characters are not base64url; refusing them keeps one spelling per token.
        if (text.Length == 0 || text.AsSpan().IndexOfAny("=+/") >= 0)
            return text.Length == 0 ? [] : null;
        try
        {
            return Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// A JSON object whose every name and string is well-formed text: valid UTF-8, no lone surrogate escape, no NUL,
    /// and no name twice in one object (which of two <c>iss</c> or <c>alg</c> counts would be a guess). Else null.
    /// </summary>
    private static JsonElement? ParseObject(byte[] json)
    {
        if (!System.Text.Unicode.Utf8.IsValid(json))
            return null;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
            return document.RootElement.ValueKind == JsonValueKind.Object && WellFormed(document.RootElement)
                ? document.RootElement.Clone() : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string that does not decode (a lone surrogate escape such as \ud800).
            return null;
        }
    }

    private static bool WellFormed(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                    if (!Text(property.Name) || !names.Add(property.Name) || !WellFormed(property.Value))
                        return false;
                return true;
            case JsonValueKind.Array:
                return element.EnumerateArray().All(WellFormed);
            case JsonValueKind.String:
                return Text(element.GetString()!);
            default:
                return true;
        }
    }

    private static bool Text(string value) => !value.Contains('\0', StringComparison.Ordinal) && !HasLoneSurrogate(value);

    private static bool HasLoneSurrogate(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                i++;
            else if (char.IsSurrogate(value[i]))
                return true;
        }
        return false;
    }
}
