using FhirPriorAuth.Server.Tests.Infrastructure;

namespace FhirPriorAuth.Server.Tests;

public sealed class RequestLoggingTests
{
    [Fact]
    public async Task Given_ARequestWithPatientDataInPathQueryAndBody_When_Logged_Then_OnlyTheRouteTemplateAppears()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var response = await server.CreateClient().SendAsync(
            FhirRequests.Post("/fhir/Patient/$validate?note=Zebedee", """{"resourceType":"Patient","name":[{"family":"Zebedee"}]}"""),
            TestContext.Current.CancellationToken);
        var correlationId = Assert.Single(response.Headers.GetValues("X-Request-Id"));

        var line = Assert.Single(server.Logs, l => l.Contains(correlationId, StringComparison.Ordinal));
        Assert.Contains("POST /fhir/{type}/$validate -> 200", line, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Logs, l => l.Contains("Zebedee", StringComparison.Ordinal) || l.Contains("Patient/$validate", StringComparison.Ordinal));
    }
}
