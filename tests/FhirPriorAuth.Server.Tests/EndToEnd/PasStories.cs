using System.Net;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Storage;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Server.Tests.Pas;
using FhirPriorAuth.Server.Tests.Pas.Review;
using FhirPriorAuth.Server.Tests.Subscriptions;

namespace FhirPriorAuth.Server.Tests.EndToEnd;

/// <summary>
/// The PAS workflow as a provider and a payer live it, step by step, against a <see cref="PayerServer"/> on any
/// storage. Each story asserts what the people involved would see: the answer, the reviewer's screen, the
/// notification, the inquiry, the audit trail.
/// </summary>
internal static class PasStories
{
    public const string Ig = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/";
    private const string PatientName = "Okonkwo-Lindqvist";

    /// <summary>A qualifying Wellmark Lutathera request is certified at once (A1) for four doses over eight months; $inquire returns it.</summary>
    public static async Task ApprovedOnSubmissionAsync(PayerServer payer)
    {
        var ehr = await payer.EhrSignsInAsync();
        var request = PasRequests.LutatheraQualifying().Build();

        var answer = await ehr.SubmitAsync(request);

        Assert.Equal(["A1"], PasClient.ActionCodes(answer));
        Assert.Equal("complete", (string?)answer["outcome"]);
        var number = AuthorizationNumber(answer);
        Assert.Equal(("2026-03-02", "2026-11-01"), PreAuthPeriod(answer["item"]![0]!.AsObject()));
        // The answer gives the pathway it was approved on, not the alternatives it did not need.
        var note = Assert.Single(PasClient.Notes(answer));
        Assert.StartsWith("Approved — Distant metastases of bronchopulmonary or thymus NET (Wellmark 06.01.38", note, StringComparison.Ordinal);
        var inquired = await ehr.InquireOneAsync(request);
        Assert.Equal(number, AuthorizationNumber(inquired));
        Assert.Equal(["A1"], PasClient.ActionCodes(inquired));
    }

    /// <summary>Five doses where the policy allows four: modified (A6), and the answer says what is authorized instead.</summary>
    public static async Task ModifiedOnSubmissionAsync(PayerServer payer)
    {
        var ehr = await payer.EhrSignsInAsync();
        var request = PasRequests.LutatheraQualifying().Quantity(5 * 200).Build();

        var answer = await ehr.SubmitAsync(request);

        Assert.Equal(["A6"], PasClient.ActionCodes(answer));
        var authorized = Assert.Single(answer["addItem"]!.AsArray())!;
        Assert.Equal(1, (int)authorized["itemSequence"]![0]!);
        Assert.Equal(4m, (decimal)authorized["quantity"]!["value"]!);
        Assert.Equal("doses", (string?)authorized["quantity"]!["unit"]);
        Assert.Equal("A1", PasClient.ActionCode(authorized["adjudication"]![0]!));
        Assert.Equal(("2026-03-02", "2026-11-01"), PreAuthPeriod(authorized.AsObject()));
        Assert.Contains(PasClient.Notes(answer), n => n.StartsWith("Limit applies — No more than 4 Lutathera doses in total (Wellmark 06.01.38", StringComparison.Ordinal));
        Assert.DoesNotContain(PasClient.Notes(answer), n => n.StartsWith("Not met", StringComparison.Ordinal) || n.StartsWith("Unknown", StringComparison.Ordinal));
        var inquired = await ehr.InquireOneAsync(request);
        Assert.Equal(["A6"], PasClient.ActionCodes(inquired));
        Assert.Equal(AuthorizationNumber(answer), AuthorizationNumber(inquired));
    }

    /// <summary>A ten-year-old: the policy's exclusion (11 or younger is investigational) denies it (A3), citing the policy.</summary>
    public static async Task DeniedOnSubmissionAsync(PayerServer payer)
    {
        var ehr = await payer.EhrSignsInAsync();
        var request = PasRequests.LutatheraQualifying().Patient(10).Build();

        var answer = await ehr.SubmitAsync(request);

        Assert.Equal(["A3"], PasClient.ActionCodes(answer));
        Assert.Contains(PasClient.Notes(answer), n =>
            n.StartsWith("Excluded — 11 years of age or less (investigational) (Wellmark 06.01.38, Policy — Investigational", StringComparison.Ordinal));
        Assert.Null(answer["addItem"]);
        Assert.Equal(["A3"], PasClient.ActionCodes(await ehr.InquireOneAsync(request)));
    }

    /// <summary>
    /// The EHR subscribes, submits a request missing its documentation (A4), a reviewer opens the task and approves it,
    /// the EHR's endpoint is notified with the reviewed answer, and $inquire shows it. With <paramref name="restart"/>,
    /// the server is restarted between the submission and the review: the EHR keeps its token from before.
    /// </summary>
    public static async Task PendedReviewedNotifiedAndInquiredAsync(PayerServer payer, NotificationListener listener, bool restart = false)
    {
        var ehr = await payer.EhrSignsInAsync();
        var subscription = await ehr.SubscribeAsync(listener);
        var request = Named(PasRequests.LutatheraUndocumented().Build());

        var pended = await ehr.SubmitAsync(request);
        Assert.Equal(["A4"], PasClient.ActionCodes(pended));
        Assert.NotNull(pended["communicationRequest"]);
        var number = AuthorizationNumber(pended);
        await SubmitterCannotReviewAsync(ehr);

        if (restart)
            await payer.RestartAsync();

        var reviewer = await payer.ReviewerSignsInAsync();
        var taskId = await reviewer.TaskForAsync(number);
        var opened = await reviewer.OpenAsync(taskId);
        Assert.Contains(opened["evidence"]!["facts"]!.AsArray(), f => (string?)f!["name"] == "diagnosis");
        Assert.NotEmpty(opened["decision"]!["criteria"]!.AsArray());
        Assert.NotEmpty(opened["decision"]!["missingDocumentation"]!.AsArray());
        // No period given: the approval gets the policy's eight months, as an automated approval would.
        var decided = await reviewer.ApproveAsync(taskId, "Chart review: SSTR-positive PET and adequate organ function documented.");
        Assert.Equal("completed", (string?)decided["task"]!["status"]);
        Assert.Empty(await reviewer.OpenTasksAsync());

        var notification = await listener.NextOfTypeAsync("event-notification");
        Assert.EndsWith("/fhir/Subscription/" + subscription, notification.Parameter("subscription"));
        Assert.Equal("1", notification.EventPart("event-number"));
        var notified = NotifiedClaimResponse(notification);
        Assert.Equal(number, AuthorizationNumber(notified));
        Assert.Equal(["A1"], PasClient.ActionCodes(notified));
        Assert.True(HumanReviewed(notified));
        Assert.Equal(("2026-03-02", "2026-11-01"), PreAuthPeriod(notified["item"]![0]!.AsObject()));

        var inquired = await ehr.InquireOneAsync(request);
        Assert.Equal(["A1"], PasClient.ActionCodes(inquired));
        Assert.True(HumanReviewed(inquired));
        // The answer reads as it now stands: the reviewer's reason and period, not the automated pend's notes.
        Assert.Equal(["Chart review: SSTR-positive PET and adequate organ function documented.",
            "Authorized 2026-03-02 to 2026-11-01 (8 mo for any line of business)."], PasClient.Notes(inquired));
        Assert.Null(inquired["communicationRequest"]);

        await AuditedWithoutClinicalContentAsync(payer, number);
    }

    /// <summary>
    /// A PAS 2.0.1 client: it subscribes and submits on the 2.0.1 base, the request pends, a reviewer approves it, the
    /// notification is id-only (it names the ClaimResponse and carries nothing clinical), and the client then asks
    /// $inquire on the 2.0.1 base for the reviewed answer, as PAS 2.0.1 intends.
    /// </summary>
    public static async Task Pas201PendedReviewedNotifiedAndInquiredAsync(PayerServer payer, NotificationListener listener)
    {
        var ehr = await payer.EhrSignsInAsync();
        var subscription = await ehr.Subscribe201Async(listener);
        var request = PasRequests.LutatheraUndocumented().Build();

        var pended = await ehr.Submit201Async(request);
        Assert.Equal(["A4"], PasClient.ActionCodes(pended));
        var number = AuthorizationNumber(pended);

        var reviewer = await payer.ReviewerSignsInAsync();
        await reviewer.ApproveAsync(await reviewer.TaskForAsync(number), "Chart review: documentation received by fax.", ("2026-03-02", "2026-11-01"));

        var notification = await listener.NextOfTypeAsync("event-notification");
        Assert.EndsWith("/fhir/pas-2.0.1/Subscription/" + subscription, notification.Parameter("subscription"));
        Assert.Contains("/fhir/pas-2.0.1/ClaimResponse/", notification.EventPart("focus"), StringComparison.Ordinal);
        Assert.Single(notification.Bundle["entry"]!.AsArray());

        var inquired = Assert.Single(await ehr.Inquire201Async(request));
        Assert.Equal(number, AuthorizationNumber(inquired));
        Assert.Equal(["A1"], PasClient.ActionCodes(inquired));
        Assert.EndsWith("/ClaimResponse/" + (string?)inquired["id"], notification.EventPart("focus"));
    }

    /// <summary>A submitting system's token, however it was granted, never opens the reviewer API: no one decides their own request.</summary>
    private static async Task SubmitterCannotReviewAsync(ProviderEhr ehr)
    {
        var response = await ehr.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/review/tasks"));
        await FhirAssert.OperationOutcome(response, HttpStatusCode.Forbidden);
    }

    /// <summary>Submit, review read, review decision and inquiry are each recorded with who did it, and nothing clinical.</summary>
    private static async Task AuditedWithoutClinicalContentAsync(PayerServer payer, string number)
    {
        var audits = await ReviewClient.StoredAsync(payer.Server, "AuditEvent",
            new TokenCriterion("authorization-number", null, number));

        Assert.Equal(["inquire", "review-decision", "review-read", "submit"],
            audits.Select(a => (string)a["subtype"]![0]!["code"]!).Distinct().Order(StringComparer.Ordinal));
        foreach (var audit in audits)
        {
            Assert.Equal("0", (string?)audit["outcome"]);
            var text = audit.ToJsonString();
            Assert.DoesNotContain(PatientName, text, StringComparison.Ordinal);
            Assert.DoesNotContain("C7A.090", text, StringComparison.Ordinal);
            Assert.DoesNotContain("A9513", text, StringComparison.Ordinal);
            Assert.DoesNotContain("SSTR", text, StringComparison.Ordinal);
        }
        Assert.All(audits.Where(a => Operation(a) is "submit" or "inquire"), a => Assert.Equal(payer.Ehr.ClientId, Client(a)));
        var decision = Assert.Single(audits, a => Operation(a) == "review-decision");
        Assert.Equal(payer.Desk.ClientId, Client(decision));
        Assert.Contains(decision["agent"]!.AsArray(), a => (string?)a!["who"]!["identifier"]!["value"] == ReviewDesk.ReviewerNpi);
    }

    public static string AuthorizationNumber(JsonObject claimResponse)
    {
        var number = (string?)claimResponse["preAuthRef"];
        Assert.False(string.IsNullOrEmpty(number));
        return number!;
    }

    /// <summary>The ClaimResponse inside a full-resource notification: the focus is the whole PAS Response Bundle.</summary>
    public static JsonObject NotifiedClaimResponse(ReceivedNotification notification)
    {
        var focus = notification.EventPart("focus");
        var included = notification.Bundle["entry"]!.AsArray().Skip(1).Single(e => (string?)e!["fullUrl"] == focus)!["resource"]!.AsObject();
        Assert.Equal("Bundle", (string?)included["resourceType"]);
        return PasClient.ClaimResponse(included);
    }

    public static bool HumanReviewed(JsonObject claimResponse)
    {
        var reviewer = (claimResponse["extension"] as JsonArray ?? []).SingleOrDefault(e => (string?)e!["url"] == Ig + "extension-claimResponseReviewer");
        return reviewer?["extension"]!.AsArray().SingleOrDefault(e => (string?)e!["url"] == "wasHumanReviewedFlag")?["valueBoolean"] is JsonValue flag
            && (bool)flag;
    }

    private static (string? Start, string? End) PreAuthPeriod(JsonObject item)
    {
        var period = item["extension"]!.AsArray().Single(e => (string?)e!["url"] == Ig + "extension-itemPreAuthPeriod")!["valuePeriod"]!;
        return ((string?)period["start"], (string?)period["end"]);
    }

    private static string Operation(JsonObject audit) => (string)audit["subtype"]![0]!["code"]!;

    private static string? Client(JsonObject audit) => (string?)audit["agent"]![0]!["who"]!["identifier"]!["value"];

    // The builder's patient has no name; give it one the audit trail must not repeat.
    private static JsonObject Named(JsonObject request)
    {
        var patient = request["entry"]!.AsArray().Select(e => e!["resource"]!.AsObject()).Single(r => (string?)r["resourceType"] == "Patient");
        patient["name"] = new JsonArray(new JsonObject { ["family"] = PatientName, ["given"] = new JsonArray("Ada") });
        return request;
    }
}
