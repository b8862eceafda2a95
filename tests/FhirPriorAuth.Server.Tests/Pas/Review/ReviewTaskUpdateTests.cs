namespace FhirPriorAuth.Server.Tests.Pas.Review;

/// <summary>Updates and cancellations of a pended request keep its review task in step with what still awaits review.</summary>
public sealed class ReviewTaskUpdateTests
{
    [Fact]
    public async Task Cancelling_a_pended_request_cancels_its_review_task()
    {
        var clock = new SettableClock(ReviewClient.Submitted);
        await using var server = ReviewClient.Server(clock);
        var client = server.CreateClient();
        var task = await ReviewClient.PendAsync(client, PasRequests.LutatheraUndocumented().Build());
        clock.Now = ReviewClient.Submitted.AddHours(2);

        await PasClient.SubmitAsync(client, PasRequests.LutatheraUndocumented().Build()
            .UpdateOf((string)task["authorizationNumber"]!).CancelWholeRequest());

        Assert.Empty(await ReviewClient.ListAsync(client));
        var cancelled = Assert.Single(await ReviewClient.ListAsync(client, "cancelled"))!;
        Assert.Equal((string?)task["id"], (string?)cancelled["id"]);
    }

    [Fact]
    public async Task An_update_that_documents_the_pended_line_closes_the_task()
    {
        var clock = new SettableClock(ReviewClient.Submitted);
        await using var server = ReviewClient.Server(clock);
        var client = server.CreateClient();
        var task = await ReviewClient.PendAsync(client, PasRequests.LutatheraUndocumented().Build());

        var answer = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, PasRequests.LutatheraQualifying().Build()
            .UpdateOf((string)task["authorizationNumber"]!).Changed(1)));

        Assert.Equal(new[] { "A1" }, PasClient.ActionCodes(answer));
        Assert.Empty(await ReviewClient.ListAsync(client));
    }

    [Fact]
    public async Task An_update_that_still_pends_keeps_the_same_task_and_its_clock()
    {
        var clock = new SettableClock(ReviewClient.Submitted);
        await using var server = ReviewClient.Server(clock);
        var client = server.CreateClient();
        var task = await ReviewClient.PendAsync(client, PasRequests.LutatheraUndocumented().Build());
        clock.Now = ReviewClient.Submitted.AddHours(5);

        await PasClient.SubmitAsync(client, PasRequests.LutatheraUndocumented().ClinicalM(true).Build()
            .UpdateOf((string)task["authorizationNumber"]!).Changed(1));

        var open = Assert.Single(await ReviewClient.ListAsync(client))!;
        Assert.Equal((string?)task["id"], (string?)open["id"]);
        Assert.Equal((string?)task["due"], (string?)open["due"]);
        // The reviewer now reads the updated request.
        var opened = await ReviewClient.GetAsync(client, (string)open["id"]!);
        Assert.Contains(opened["evidence"]!["facts"]!.AsArray(), f => (string?)f!["name"] == "metastatic");
    }

    [Fact]
    public async Task An_update_after_the_review_keeps_the_reviewed_answer_and_says_a_person_reviewed_it()
    {
        await using var server = ReviewClient.Server(new SettableClock(ReviewClient.Submitted));
        var client = server.CreateClient();
        var task = await ReviewClient.PendAsync(client, PasRequests.LutatheraUndocumented().Build());
        await ReviewClient.ReadAsync(await ReviewClient.DecideAsync(client, (string)task["id"]!, ReviewClient.Approve()), System.Net.HttpStatusCode.OK);

        var answer = PasClient.ClaimResponse(await PasClient.SubmitAsync(client, PasRequests.LutatheraUndocumented().Build()
            .WithLine(2, "Observation stay").UpdateOf((string)task["authorizationNumber"]!)));

        Assert.Equal("A1", PasClient.ActionCodes(answer)[0]);
        Assert.Contains(answer["extension"]!.AsArray(), e => (string?)e!["url"] == "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-claimResponseReviewer");
        Assert.Empty(await ReviewClient.ListAsync(client));
    }
}
