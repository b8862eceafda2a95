using System.Net;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Testing;
using static FhirPriorAuth.Server.Tests.Dtr.DtrTestServer;

namespace FhirPriorAuth.Server.Tests.Dtr;

/// <summary>
/// The Inferno DTR test kit's request fixtures are accepted. They name the reference implementation's demo payer,
/// which this server does not serve, so the correct answer is a well-formed 4xx OperationOutcome, never a 5xx.
/// </summary>
public sealed class ConformanceFixtureTests
{
    [Theory]
    [InlineData("questionnaire_package_input_params_conformant.json")]
    [InlineData("questionnaire_package_input_params_ri.json")]
    public async Task Given_AnInfernoRequestFixture_When_PackageRequested_Then_AWellFormedRefusalNamesThePayer(string fixture)
    {
        var path = SharedData.PathTo("conformance", "dtr", fixture);
        Assert.SkipWhen(path is null, SharedData.MissingMessage);
        await using var server = WithTestArtifacts();

        var response = await server.CreateClient().SendAsync(
            FhirRequests.Post("/fhir/Questionnaire/$questionnaire-package", await File.ReadAllTextAsync(path!, Ct)), Ct);

        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("payer", outcome.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_TheInfernoPayerPresetRequest_When_PackageRequested_Then_AWellFormedRefusalNamesThePayer()
    {
        var path = SharedData.PathTo("conformance", "dtr", "payer_server_run_against_smart_app_tests.json");
        Assert.SkipWhen(path is null, SharedData.MissingMessage);
        var preset = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(path!, Ct)).RootElement;
        var body = preset.GetProperty("inputs").EnumerateArray()
            .Single(i => i.GetProperty("name").GetString() == "initial_static_questionnaire_request").GetProperty("value").GetString()!;
        await using var server = WithTestArtifacts();

        var response = await server.CreateClient().SendAsync(FhirRequests.Post("/fhir/Questionnaire/$questionnaire-package", body), Ct);

        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("payer", outcome.GetRawText(), StringComparison.Ordinal);
    }
}
