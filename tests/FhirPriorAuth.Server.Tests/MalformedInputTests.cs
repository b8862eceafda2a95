using System.Net;
using System.Text;
using FhirPriorAuth.Server.Tests.Infrastructure;

namespace FhirPriorAuth.Server.Tests;

/// <summary>
/// Every kind of unusable request a client can send to the FHIR API, each with the exact status it must get.
/// All bodies carry a marker family name standing in for PHI, which must never come back or reach the logs.
/// </summary>
public sealed class MalformedInputTests
{
    private const string Phi = "Zebedee";
    private const string Validate = "/fhir/Patient/$validate";

    private sealed record Case(Func<HttpRequestMessage> Request, HttpStatusCode Status, string IssueCode);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["truncated JSON"] = new(() => FhirRequests.Post(Validate, $$"""{"resourceType":"Patient","name":[{"family":"{{Phi}}"}"""),
            HttpStatusCode.BadRequest, "structure"),
        ["duplicate keys"] = new(() => FhirRequests.Post(Validate, $$"""{"resourceType":"Patient","name":[{"family":"{{Phi}}","family":"{{Phi}}"}]}"""),
            HttpStatusCode.BadRequest, "structure"),
        ["10,000-deep nesting"] = new(() => FhirRequests.Post(Validate,
                $$"""{"resourceType":"Patient","name":[{"family":"{{Phi}}"}],"extension":""" + new string('[', 10_000) + new string(']', 10_000) + "}"),
            HttpStatusCode.BadRequest, "too-long"),
        ["array instead of an object"] = new(() => FhirRequests.Post(Validate, $$"""[{"resourceType":"Patient","name":[{"family":"{{Phi}}"}]}]"""),
            HttpStatusCode.BadRequest, "structure"),
        ["no resourceType"] = new(() => FhirRequests.Post(Validate, $$"""{"name":[{"family":"{{Phi}}"}]}"""),
            HttpStatusCode.BadRequest, "required"),
        ["unknown resourceType in the body"] = new(() => FhirRequests.Post("/fhir/$validate", $$"""{"resourceType":"{{Phi}}"}"""),
            HttpStatusCode.BadRequest, "not-supported"),
        ["invalid UTF-8"] = new(() => FhirRequests.Post(Validate, new ByteArrayContent(
                [.. Encoding.UTF8.GetBytes("{\"resourceType\":\"Patient\",\"id\":\""), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes("\"}")])),
            HttpStatusCode.BadRequest, "structure"),
        ["empty body"] = new(() => FhirRequests.Post(Validate, ""),
            HttpStatusCode.BadRequest, "required"),
        ["resource of another type than the address"] = new(() => FhirRequests.Post("/fhir/Observation/$validate", $$"""{"resourceType":"Patient","name":[{"family":"{{Phi}}"}]}"""),
            HttpStatusCode.BadRequest, "invalid"),
        ["Parameters without a resource parameter"] = new(() => FhirRequests.Post(Validate, """{"resourceType":"Parameters","parameter":[{"name":"mode","valueCode":"create"}]}"""),
            HttpStatusCode.BadRequest, "required"),
        ["Parameters naming a profile"] = new(() => FhirRequests.Post(Validate,
                $$$"""{"resourceType":"Parameters","parameter":[{"name":"resource","resource":{"resourceType":"Patient","name":[{"family":"{{{Phi}}}"}]}},{"name":"profile","valueCanonical":"http://example.org/StructureDefinition/p"}]}"""),
            HttpStatusCode.BadRequest, "not-supported"),
        ["non-JSON content type"] = new(() => FhirRequests.Post(Validate, $$"""{"resourceType":"Patient","name":[{"family":"{{Phi}}"}]}""", "text/plain"),
            HttpStatusCode.UnsupportedMediaType, "not-supported"),
        ["FHIR XML content type"] = new(() => FhirRequests.Post(Validate, $"<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"{Phi}\"/></name></Patient>", "application/fhir+xml"),
            HttpStatusCode.UnsupportedMediaType, "not-supported"),
        ["JSON declared in a non-UTF-8 charset"] = new(() => FhirRequests.Post(Validate, """{"resourceType":"Patient"}""", "application/fhir+json; charset=iso-8859-1"),
            HttpStatusCode.UnsupportedMediaType, "not-supported"),
        ["Accept asks for XML"] = new(() => WithAccept(FhirRequests.Post(Validate, """{"resourceType":"Patient"}"""), "application/fhir+xml"),
            HttpStatusCode.NotAcceptable, "not-supported"),
        ["_format asks for XML"] = new(() => FhirRequests.Post(Validate + "?_format=xml", """{"resourceType":"Patient"}"""),
            HttpStatusCode.NotAcceptable, "not-supported"),
        ["unknown resource type in the address"] = new(() => FhirRequests.Post($"/fhir/{Phi}Thing/$validate", """{"resourceType":"Patient"}"""),
            HttpStatusCode.NotFound, "not-supported"),
        ["unknown operation"] = new(() => FhirRequests.Post("/fhir/Patient/$transmogrify", """{"resourceType":"Patient"}"""),
            HttpStatusCode.NotFound, "not-found"),
        ["unknown route"] = new(() => new HttpRequestMessage(HttpMethod.Get, "/fhir/Patient/123/_history/1/extra"),
            HttpStatusCode.NotFound, "not-found"),
        ["GET on an operation that takes POST"] = new(() => new HttpRequestMessage(HttpMethod.Get, Validate),
            HttpStatusCode.MethodNotAllowed, "not-supported"),
        ["DELETE on metadata"] = new(() => new HttpRequestMessage(HttpMethod.Delete, "/fhir/metadata"),
            HttpStatusCode.MethodNotAllowed, "not-supported"),
        ["50 MB body with Content-Length"] = new(() => FhirRequests.Post(Validate, new GeneratedJsonContent(50L * 1024 * 1024, declareLength: true)),
            HttpStatusCode.RequestEntityTooLarge, "too-long"),
        ["50 MB body sent chunked"] = new(() => FhirRequests.Post(Validate, new GeneratedJsonContent(50L * 1024 * 1024, declareLength: false)),
            HttpStatusCode.RequestEntityTooLarge, "too-long"),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Given_AMalformedRequest_When_Sent_Then_TheExact4xxComesBackAsAnOperationOutcome(string name)
    {
        var expected = Cases[name];
        await using var server = FhirServerFactory.WithAuthDisabled();
        using var response = await server.CreateClient().SendAsync(expected.Request(), TestContext.Current.CancellationToken);

        var outcome = await FhirAssert.OperationOutcome(response, expected.Status);
        Assert.Contains(expected.IssueCode, FhirAssert.IssueCodes(outcome));
        Assert.DoesNotContain(Phi, outcome.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(server.Logs, line => line.Contains(Phi, StringComparison.Ordinal));
    }

    private static HttpRequestMessage WithAccept(HttpRequestMessage request, string accept)
    {
        request.Headers.TryAddWithoutValidation("Accept", accept);
        return request;
    }
}
