using System.Net;
using System.Text.Json;

namespace FhirPriorAuth.Server.Tests.Infrastructure;

/// <summary>Assertions on the FHIR wire contract.</summary>
internal static class FhirAssert
{
    public const string FhirJson = "application/fhir+json";

    /// <summary>Checks status and media type and returns the parsed OperationOutcome.</summary>
    public static async Task<JsonElement> OperationOutcome(HttpResponseMessage response, HttpStatusCode expectedStatus)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(expectedStatus == response.StatusCode, $"expected {(int)expectedStatus}, got {(int)response.StatusCode}: {text}");
        Assert.Equal(FhirJson, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var outcome = JsonDocument.Parse(text).RootElement;
        Assert.Equal("OperationOutcome", outcome.GetProperty("resourceType").GetString());
        Assert.NotEqual(0, outcome.GetProperty("issue").GetArrayLength());
        foreach (var issue in outcome.GetProperty("issue").EnumerateArray())
        {
            Assert.False(string.IsNullOrEmpty(issue.GetProperty("severity").GetString()));
            Assert.False(string.IsNullOrEmpty(issue.GetProperty("code").GetString()));
            Assert.False(string.IsNullOrEmpty(issue.GetProperty("diagnostics").GetString()));
        }
        return outcome;
    }

    public static IEnumerable<JsonElement> Issues(JsonElement outcome) => outcome.GetProperty("issue").EnumerateArray();

    public static IEnumerable<string> IssueCodes(JsonElement outcome) => Issues(outcome).Select(i => i.GetProperty("code").GetString()!);

    public static IEnumerable<string> Expressions(JsonElement outcome) =>
        Issues(outcome).Where(i => i.TryGetProperty("expression", out _))
            .SelectMany(i => i.GetProperty("expression").EnumerateArray()).Select(e => e.GetString()!);
}
