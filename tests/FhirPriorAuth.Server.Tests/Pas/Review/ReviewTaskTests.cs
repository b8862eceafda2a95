using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Pas.Review;
using FhirPriorAuth.Server.Storage;
using FhirPriorAuth.Server.Tests.Infrastructure;

namespace FhirPriorAuth.Server.Tests.Pas.Review;

/// <summary>A pended request opens one review task whose due time follows the CMS clock for its kind and urgency.</summary>
public sealed class ReviewTaskTests
{
    private const string LevelOfService = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-levelOfServiceCode";

    [Fact]
    public async Task A_pended_drug_request_gets_a_task_due_in_72_hours_with_the_data_the_metrics_read()
    {
        var clock = new SettableClock(ReviewClient.Submitted);
        await using var server = ReviewClient.Server(clock);
        var client = server.CreateClient();

        var summary = await ReviewClient.PendAsync(client, PasRequests.LutatheraUndocumented().Build());

        Assert.Equal("routine", (string?)summary["priority"]);
        Assert.Equal("2026-03-02T09:00:00Z", (string?)summary["due"]);
        Assert.False((bool)summary["overdue"]!);
        var task = Assert.Single(await ReviewClient.StoredAsync(server, "Task"));
        Assert.Equal("requested", (string?)task["status"]);
        Assert.Equal("order", (string?)task["intent"]);
        Assert.Equal("2026-02-27T09:00:00Z", (string?)task["authoredOn"]);
        Assert.Equal("2026-03-02T09:00:00Z", (string?)task["restriction"]!["period"]!["end"]);
        Assert.StartsWith("Bundle/", (string?)task["focus"]!["reference"], StringComparison.Ordinal);
        var input = Assert.Single(task["input"]!.AsArray(), i => (string?)i!["type"]!["text"] == "itemSequence")!;
        Assert.Equal(1, (int)input["valueInteger"]!);
        Assert.True((bool)task["input"]!.AsArray().Single(i => (string?)i!["type"]!["text"] == "drug")!["valueBoolean"]!);
        Assert.Equal(summary["authorizationNumber"]!.ToString(), (string?)task["identifier"]![0]!["value"]);
        // The focus is the stored answer the submitter received (the stored request carries the number too).
        var focused = await ReviewClient.StoredAsync(server, "Bundle", new TokenCriterion("pas-kind", null, "submit-response"),
            new TokenCriterion("authorization-number", null, (string)summary["authorizationNumber"]!));
        Assert.Single(focused);
    }

    [Fact]
    public async Task An_urgent_drug_request_is_due_in_24_hours_and_becomes_overdue_after_it()
    {
        var clock = new SettableClock(ReviewClient.Submitted);
        await using var server = ReviewClient.Server(clock);
        var client = server.CreateClient();

        var summary = await ReviewClient.PendAsync(client, Urgent(PasRequests.LutatheraUndocumented().Build()));

        Assert.Equal("urgent", (string?)summary["priority"]);
        Assert.Equal("2026-02-28T09:00:00Z", (string?)summary["due"]);
        clock.Now = ReviewClient.Submitted.AddHours(25);
        var later = Assert.Single(await ReviewClient.ListAsync(client))!;
        Assert.True((bool)later["overdue"]!);
    }

    [Fact]
    public async Task The_drug_clock_is_configurable()
    {
        var clock = new SettableClock(ReviewClient.Submitted);
        await using var server = ReviewClient.Server(clock, settings: new() { ["Review:DrugStandardHours"] = "48" });

        var summary = await ReviewClient.PendAsync(server.CreateClient(), PasRequests.LutatheraUndocumented().Build());

        Assert.Equal("2026-03-01T09:00:00Z", (string?)summary["due"]);
    }

    [Fact]
    public async Task A_request_decided_on_submission_opens_no_task()
    {
        await using var server = ReviewClient.Server(new SettableClock(ReviewClient.Submitted));
        var client = server.CreateClient();

        await PasClient.SubmitAsync(client, PasRequests.LutatheraQualifying().Build());

        Assert.Empty(await ReviewClient.ListAsync(client));
    }

    [Fact]
    public async Task The_same_request_sent_again_does_not_open_a_second_task()
    {
        await using var server = ReviewClient.Server(new SettableClock(ReviewClient.Submitted));
        var client = server.CreateClient();

        await ReviewClient.PendAsync(client, PasRequests.LutatheraUndocumented().Build());
        await PasClient.SubmitAsync(client, PasRequests.LutatheraUndocumented().Build());

        Assert.Single(await ReviewClient.ListAsync(client));
    }

    [Theory]
    [InlineData(false, false, "2026-03-06T09:00:00Z")]
    [InlineData(false, true, "2026-03-02T09:00:00Z")]
    [InlineData(true, false, "2026-03-02T09:00:00Z")]
    [InlineData(true, true, "2026-02-28T09:00:00Z")]
    public void Items_and_services_get_7_days_or_72_hours_drugs_72_or_24_hours(bool drug, bool expedited, string due)
    {
        var at = ReviewClock.Due(ReviewClient.Submitted, expedited, drug, new ReviewOptions());

        Assert.Equal(due, ReviewTask.Instant(at));
    }

    [Theory]
    [InlineData("http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", "A9513", true)]
    [InlineData("http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", "J9035", true)]
    [InlineData("http://hl7.org/fhir/sid/ndc", "00000-1111-22", true)]
    [InlineData("http://www.ama-assn.org/go/cpt", "78815", false)]
    [InlineData("http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets", "E0601", false)]
    public void A_line_is_on_the_drug_clock_when_its_product_is_a_drug(string system, string code, bool drug)
    {
        var item = new JsonObject { ["productOrService"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = system, ["code"] = code }) } };

        Assert.Equal(drug, ReviewClock.IsDrug(item));
    }

    internal static JsonObject Urgent(JsonObject request)
    {
        var claim = request["entry"]![0]!["resource"]!.AsObject();
        claim["extension"] = new JsonArray(new JsonObject
        {
            ["url"] = LevelOfService,
            ["valueCodeableConcept"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = "https://codesystem.x12.org/005010/1338", ["code"] = "U" }) },
        });
        return request;
    }
}
