using System.Buffers;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.FhirApi;

/// <summary>
/// Reads a request body into memory, refusing it with 413 as soon as it is known to exceed
/// <see cref="ServerLimits.MaxRequestBodyBytes"/>. Kestrel enforces the same limit; this also covers hosts
/// without it (the in-process test server) and bodies sent chunked, without a Content-Length.
/// </summary>
internal sealed class RequestBodyReader(IOptions<ServerLimits> limits)
{
    private const int ReadChunk = 64 * 1024;

    public async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var max = limits.Value.MaxRequestBodyBytes;
        if (request.ContentLength > max)
            throw TooLarge(max);

        var buffer = new ArrayBufferWriter<byte>((int)Math.Min(request.ContentLength ?? ReadChunk, max) + 1);
        while (true)
        {
            var read = await request.Body.ReadAsync(buffer.GetMemory(ReadChunk), cancellationToken);
            if (read == 0)
                break;
            buffer.Advance(read);
            if (buffer.WrittenCount > max)
                throw TooLarge(max);
        }

        if (buffer.WrittenCount == 0)
            throw new FhirRequestException(StatusCodes.Status400BadRequest,
                OutcomeIssue.Error(IssueTypes.Required, "The request body is empty; a FHIR resource in JSON is required"));
        return buffer.WrittenMemory;
    }

    private static FhirRequestException TooLarge(long max) =>
        new(StatusCodes.Status413PayloadTooLarge,
            OutcomeIssue.Error(IssueTypes.TooLong, $"The request body exceeds the limit of {max} bytes"));
}
