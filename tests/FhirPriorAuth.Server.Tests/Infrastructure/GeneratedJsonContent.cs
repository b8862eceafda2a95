using System.Net;
using System.Text;

namespace FhirPriorAuth.Server.Tests.Infrastructure;

/// <summary>
/// A large, valid JSON Patient generated while it is sent, so a 50 MB body never sits in the test's memory.
/// With <paramref name="declareLength"/> false the body goes out chunked, without a Content-Length to refuse it by.
/// </summary>
internal sealed class GeneratedJsonContent(long totalBytes, bool declareLength) : HttpContent
{
    private static readonly byte[] Head = Encoding.UTF8.GetBytes("{\"resourceType\":\"Patient\",\"id\":\"");
    private static readonly byte[] Tail = Encoding.UTF8.GetBytes("\"}");

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var filler = new byte[64 * 1024];
        Array.Fill(filler, (byte)'a');
        await stream.WriteAsync(Head);
        var remaining = totalBytes - Head.Length - Tail.Length;
        while (remaining > 0)
        {
            var count = (int)Math.Min(filler.Length, remaining);
            await stream.WriteAsync(filler.AsMemory(0, count));
            remaining -= count;
        }
        await stream.WriteAsync(Tail);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = totalBytes;
        return declareLength;
    }
}
