using System.Net;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Storage;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Server.Tests.Pas;
using FhirPriorAuth.Server.Tests.Pas.Review;

namespace FhirPriorAuth.Server.Tests.Audit;

/// <summary>Every $submit, $inquire, opened review task and review decision leaves an AuditEvent naming who, what, which authorization and how it ended, and nothing clinical.</summary>
public sealed class AuditTrailTests
{
    private const string PatientName = "Zebediah";
    private const string Diagnosis = "C7A.090";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Submit_inquire_and_a_review_decision_are_audited_without_clinical_content()
    {
        await using var server = ReviewClient.Server(new SettableClock(ReviewClient.Submitted));
        var client = server.CreateClient();
        var request = Named(PasRequests.LutatheraUndocumented().Build());
        var task = await ReviewClient.PendAsync(client, request);
        var number = (string)task["authorizationNumber"]!;
        await client.SendAsync(FhirRequests.Post("/fhir/Claim/$inquire", request.ToJsonString()), Ct);
        await ReviewClient.GetAsync(client, (string)task["id"]!);
        await ReviewClient.ReadAsync(await ReviewClient.DecideAsync(client, (string)task["id"]!, ReviewClient.Deny()), HttpStatusCode.OK);

        var audits = await ReviewClient.StoredAsync(server, "AuditEvent", new TokenCriterion("authorization-number", null, number));

        Assert.Equal(["inquire", "review-decision", "review-read", "submit"], audits.Select(Operation).Order(StringComparer.Ordinal));
        foreach (var audit in audits)
        {
            Assert.Equal("0", (string?)audit["outcome"]);
            Assert.Equal("anonymous", (string?)audit["agent"]![0]!["who"]!["identifier"]!["value"]);
            Assert.False(string.IsNullOrEmpty((string?)audit["recorded"]));
            var text = audit.ToJsonString();
            Assert.DoesNotContain(PatientName, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Diagnosis, text, StringComparison.Ordinal);
            Assert.DoesNotContain("A9513", text, StringComparison.Ordinal);
            Assert.DoesNotContain("SSTR", text, StringComparison.Ordinal);
        }
        var decision = audits.Single(a => Operation(a) == "review-decision");
        Assert.Contains(decision["agent"]!.AsArray(), a => (string?)a!["who"]!["identifier"]!["value"] == "1982345670");
    }

    [Fact]
    public async Task A_refused_submission_is_audited_as_a_failure()
    {
        await using var server = ReviewClient.Server(new SettableClock(ReviewClient.Submitted));
        var request = Named(PasRequests.LutatheraUndocumented().Build());
        request["entry"]![0]!["resource"]!.AsObject().Remove("item");

        var response = await PasClient.PostAsync(server.CreateClient(), request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var audit = Assert.Single(await ReviewClient.StoredAsync(server, "AuditEvent", new TokenCriterion("audit-kind", null, "submit")));
        Assert.Equal("4", (string?)audit["outcome"]);
        Assert.DoesNotContain(PatientName, audit.ToJsonString(), StringComparison.Ordinal);
    }

    private static string Operation(JsonObject audit) => (string)audit["subtype"]![0]!["code"]!;

    // The builder's patient has no name; give it one the audit must not repeat.
    private static JsonObject Named(JsonObject request)
    {
        var patient = request["entry"]!.AsArray().Select(e => e!["resource"]!.AsObject()).Single(r => (string?)r["resourceType"] == "Patient");
        patient["name"] = new JsonArray(new JsonObject { ["family"] = PatientName, ["given"] = new JsonArray("Quill") });
        return request;
    }
}
