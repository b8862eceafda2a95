using Microsoft.AspNetCore.Http.Features;

namespace FhirPriorAuth.Server.Auth;

/// <summary>
/// Reads a token request's form body within explicit limits: urlencoded only, at most <see cref="MaxBytes"/> bytes,
/// <see cref="MaxFields"/> fields, each name and value bounded, every parameter at most once (RFC 6749 §3.2) and no
/// control character in any value. Anything else is a plain refusal (null), answered <c>invalid_request</c>, never a
/// server error.
/// </summary>
internal static class TokenRequestForm
{
    public const int MaxBytes = 64 * 1024;
    public const int MaxFields = 32;
    public const int MaxNameLength = 64;

    /// <summary>A client assertion is at most 16 KiB (<see cref="Jose.CompactJws"/>); nothing else in the form is longer.</summary>
    public const int MaxValueLength = 16 * 1024;

    public const string Refusal = "Send one application/x-www-form-urlencoded body (at most 64 KiB and 32 parameters, each once, "
        + "without control characters)";

    private static readonly FormOptions Limits = new()
    {
        ValueCountLimit = MaxFields,
        KeyLengthLimit = MaxNameLength,
        ValueLengthLimit = MaxValueLength,
        BufferBody = false,
    };

    public static async Task<IFormCollection?> ReadAsync(HttpRequest request)
    {
        if (!request.HasFormContentType || request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) != true)
            return null;
        if (request.ContentLength > MaxBytes)
            return null;
        IFormCollection form;
        try
        {
            // A chunked body has no Content-Length: the count and length limits bound what is read.
            form = await request.ReadFormAsync(Limits, request.HttpContext.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or BadHttpRequestException)
        {
            return null;
        }
        foreach (var (_, values) in form)
        {
            if (values.Count != 1)
                return null;
            if (values.ToString().Any(char.IsControl))
                return null;
        }
        return form;
    }
}
