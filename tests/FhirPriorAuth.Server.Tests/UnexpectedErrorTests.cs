using System.Net;
using FhirPriorAuth.Server.FhirApi.Capabilities;
using FhirPriorAuth.Server.Tests.Infrastructure;

namespace FhirPriorAuth.Server.Tests;

public sealed class UnexpectedErrorTests
{
    private const string Secret = "connection string Password=hunter2 for patient Zebedee";

    [Fact]
    public async Task Given_AFeatureThatThrows_When_Called_Then_500OutcomeWithCorrelationIdAndNoExceptionText()
    {
        await using var server = new FhirServerFactory(services: s => s.AddCapability<ThrowingContribution>());

        var response = await server.CreateClient().GetAsync("/fhir/metadata", TestContext.Current.CancellationToken);

        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.InternalServerError);
        Assert.Equal(["exception"], FhirAssert.IssueCodes(outcome));
        var text = outcome.GetRawText();
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), text, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(ThrowingContribution), text, StringComparison.Ordinal);

        // The id ties the client's report to the server's log entry, which does hold the detail.
        var id = outcome.GetProperty("id").GetString()!;
        Assert.Equal(id, Assert.Single(response.Headers.GetValues("X-Request-Id")));
        Assert.Contains(server.Logs, line => line.StartsWith("Error", StringComparison.Ordinal) && line.Contains(id, StringComparison.Ordinal) && line.Contains("hunter2", StringComparison.Ordinal));
    }

    private sealed class ThrowingContribution : ICapabilityContribution
    {
        public void Contribute(CapabilityStatementBuilder statement) => throw new InvalidOperationException(Secret);
    }
}
