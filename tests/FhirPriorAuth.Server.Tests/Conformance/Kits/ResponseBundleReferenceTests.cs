using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Server.Tests.Pas;
using FhirPriorAuth.Server.Tests.Pas.Pas201;
using FhirPriorAuth.Server.Tests.Subscriptions;
using static FhirPriorAuth.Server.Tests.Subscriptions.SubscriptionClient;

namespace FhirPriorAuth.Server.Tests.Conformance.Kits;

/// <summary>
/// Every kind of answer Bundle (approve, deny, modify, pend, cancel, inquiry, notification) on both PAS bases carries
/// every resource the ClaimResponse references and what those reference: our requests name the prescriber as a
/// PractitionerRole, whose Practitioner and Organization must come along.
/// </summary>
public sealed class ResponseBundleReferenceTests
{
    public static TheoryData<string> Kinds() => ["approve", "modify", "modify-quantity", "deny", "pend", "cancel-line", "out-of-policy"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_submit_answer_of_each_kind_has_no_dangling_reference_on_either_base(string kind)
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();

        var answer = await PasScenarios.AnswerAsync(kind, body => PasClient.SubmitAsync(client, body));
        KitAssert.NoDanglingReference(answer);
        var types = answer["entry"]!.AsArray().Select(e => (string?)e!["resource"]!["resourceType"]).ToList();
        Assert.Contains("PractitionerRole", types);
        Assert.Contains("Practitioner", types);
        Assert.Equal(types.Count, answer["entry"]!.AsArray().Select(e => (string?)e!["fullUrl"]).Distinct().Count()); // each once (spec-31)

        var old = await PasScenarios.AnswerAsync(kind, body => Pas201Client.SubmitAsync(client, body));
        KitAssert.NoDanglingReference(old);
    }

    [Fact]
    public async Task A_pended_answer_references_its_requests_for_documents_as_entries_on_both_bases()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();
        var request = PasRequests.LutatheraUndocumented().Build().WithLine(2);

        var answer = await PasClient.SubmitAsync(client, request);
        Assert.Equal(2, PasClient.DocumentRequests(answer).Count);

        var old = await Pas201Client.SubmitAsync(client, PasRequests.LutatheraUndocumented().Build().WithLine(2));
        var requests = PasClient.DocumentRequests(old);
        Assert.Equal(2, requests.Count);
        // 2.0.1 carries the line number on the payload.
        Assert.All(requests, r => Assert.EndsWith("|2.0.1", (string?)r["meta"]!["profile"]![0], StringComparison.Ordinal));
        Assert.All(requests, r => Assert.NotNull(r["payload"]![0]!["extension"]));
    }

    [Fact]
    public async Task Inquiry_answers_have_no_dangling_reference_on_either_base()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();
        await PasClient.SubmitAsync(client, PasRequests.LutatheraUndocumented().Build());
        await PasClient.SubmitAsync(client, PasRequests.LutatheraQualifying().Build().WithLine(2));

        var found = await KitAssert.InquireAsync(client, PasRequests.LutatheraQualifying().Build());
        Assert.Equal(2, found.Count);
        Assert.All(found, KitAssert.NoDanglingReference);

        var old = await Pas201Client.InquireAsync(client, PasRequests.LutatheraQualifying().Build());
        Assert.Equal(2, Pas201Client.ClaimResponses(old).Count);
        KitAssert.NoDanglingReference(old);
    }

    [Fact]
    public async Task A_full_resource_notification_has_no_dangling_reference()
    {
        await using var listener = await NotificationListener.StartAsync();
        await using var server = new FhirServerFactory(FastSettings());
        var client = server.CreateClient();
        var id = (string)(await CreateAsync(client, Subscription(listener.Endpoint, "full-resource")))["id"]!;
        await WaitForStatusAsync(client, id, "active");
        var response = await StoredPendedResponseAsync(server, client);

        await ChangeAsync(server, response);
        var notification = await listener.NextOfTypeAsync("event-notification");

        var included = notification.Bundle["entry"]![1]!["resource"]!.AsObject();
        Assert.Equal("Bundle", (string?)included["resourceType"]);
        KitAssert.NoDanglingReference(included);
        Assert.NotEmpty(PasClient.DocumentRequests(included));
    }
}
