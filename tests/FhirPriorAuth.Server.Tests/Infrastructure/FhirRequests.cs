using System.Net.Http.Headers;
using System.Text;

namespace FhirPriorAuth.Server.Tests.Infrastructure;

/// <summary>Request builders for the FHIR API.</summary>
internal static class FhirRequests
{
    public static HttpRequestMessage Post(string path, string body, string contentType = FhirAssert.FhirJson) =>
        Post(path, new ByteArrayContent(Encoding.UTF8.GetBytes(body)), contentType);

    public static HttpRequestMessage Post(string path, HttpContent content, string contentType = FhirAssert.FhirJson)
    {
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
    }
}
