using System.Net;
using FhirPriorAuth.Server.Tests.Infrastructure;
using static FhirPriorAuth.Server.Tests.Dtr.DtrTestServer;

namespace FhirPriorAuth.Server.Tests.Dtr;

/// <summary><c>$log-questionnaire-errors</c>: client reports reach the log for the form's authors, without patient text.</summary>
public sealed class LogQuestionnaireErrorsTests
{
    private const string Form = "http://fhirpriorauth.example.org/fhir/Questionnaire/test-wellmark-lutathera";

    [Theory]
    [InlineData("Questionnaire", "OperationOutcome")]
    [InlineData("questionnaire", "operationOutcome")]
    public async Task Given_AReportedProblem_When_Logged_Then_TheFormAndIssueAreLoggedButNotTheDiagnostics(string formName, string outcomeName)
    {
        await using var server = WithTestArtifacts();
        var body = $$$"""
            {"resourceType":"Parameters","parameter":[
              {"name":"{{{formName}}}","valueCanonical":"{{{Form}}}"},
              {"name":"{{{outcomeName}}}","resource":{"resourceType":"OperationOutcome","issue":[
                {"severity":"error","code":"processing","diagnostics":"CQL failed for Mrs Zebedee","expression":["Questionnaire.item[1]"]}]}}]}
            """;
        var response = await server.CreateClient().SendAsync(FhirRequests.Post("/fhir/Questionnaire/$log-questionnaire-errors", body), Ct);

        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.OK);
        Assert.Equal("information", FhirAssert.Issues(outcome).Single().GetProperty("severity").GetString());
        var logged = Assert.Single(server.Logs, l => l.Contains("reported a problem", StringComparison.Ordinal));
        Assert.Contains(Form + "|1.0.0", logged, StringComparison.Ordinal);
        Assert.Contains("processing", logged, StringComparison.Ordinal);
        Assert.Contains("Questionnaire.item[1]", logged, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Logs, l => l.Contains("Zebedee", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"resourceType":"Parameters","parameter":[{"name":"operationOutcome","resource":{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"processing"}]}}]}""")]
    [InlineData("""{"resourceType":"Parameters","parameter":[{"name":"questionnaire","valueCanonical":"http://example.org/q"}]}""")]
    public async Task Given_AReportWithoutFormOrOutcome_When_Logged_Then_400(string body)
    {
        await using var server = WithTestArtifacts();
        var response = await server.CreateClient().SendAsync(FhirRequests.Post("/fhir/Questionnaire/$log-questionnaire-errors", body), Ct);

        await FhirAssert.OperationOutcome(response, HttpStatusCode.BadRequest);
    }
}
