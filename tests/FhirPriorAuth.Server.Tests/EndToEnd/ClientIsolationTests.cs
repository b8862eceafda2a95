using System.Net;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Server.Tests.Pas;
using FhirPriorAuth.Server.Tests.Pas.Pas201;

namespace FhirPriorAuth.Server.Tests.EndToEnd;

/// <summary>
/// PAS answers belong to the system that submitted them. A second registered EHR with the same scopes, sending the
/// very same member id and provider NPI, finds none of the first one's requests on either base: its inquiry comes
/// back empty, its identical request is decided as its own, and an update or cancellation naming the first one's
/// authorization number is refused as unknown.
/// </summary>
public sealed class ClientIsolationTests
{
    [Fact]
    public async Task Another_clients_inquiry_with_the_same_member_and_provider_finds_nothing_on_either_base()
    {
        await using var payer = PayerServer.OnSqlite();
        var riverside = await payer.EhrSignsInAsync();
        var lakeside = await payer.OtherEhrSignsInAsync();
        var submitted = await riverside.SubmitAsync(PasRequests.LutatheraQualifying().Build());

        Assert.Empty(await lakeside.InquireAsync(PasRequests.LutatheraQualifying().Build()));
        Assert.Empty(await lakeside.Inquire201Async(PasRequests.LutatheraQualifying().Build()));
        // Naming the authorization number does not open it either.
        Assert.Empty(await lakeside.InquireAsync(PasRequests.LutatheraQualifying().Build().NamingAuthorization(PasStories.AuthorizationNumber(submitted))));

        Assert.Equal(PasStories.AuthorizationNumber(submitted), PasStories.AuthorizationNumber(await riverside.InquireOneAsync(PasRequests.LutatheraQualifying().Build())));
        Assert.Single(await riverside.Inquire201Async(PasRequests.LutatheraQualifying().Build()));
    }

    [Fact]
    public async Task An_identical_request_from_another_client_is_a_new_request_not_the_first_clients_answer()
    {
        await using var payer = PayerServer.OnSqlite();
        var riverside = await payer.EhrSignsInAsync();
        var lakeside = await payer.OtherEhrSignsInAsync();
        var request = PasRequests.LutatheraQualifying().Build();
        var first = await riverside.SubmitAsync(request);

        var other = await lakeside.SubmitAsync(request);
        var other201 = await lakeside.Submit201Async(request);
        var resent = await riverside.SubmitAsync(request);

        Assert.NotEqual(PasStories.AuthorizationNumber(first), PasStories.AuthorizationNumber(other));
        // The 2.0.1 base finds the other client's own earlier answer, never the first client's.
        Assert.Equal(PasStories.AuthorizationNumber(other), PasStories.AuthorizationNumber(other201));
        Assert.Equal(PasStories.AuthorizationNumber(first), PasStories.AuthorizationNumber(resent));
        Assert.Equal(PasStories.AuthorizationNumber(other), PasStories.AuthorizationNumber(await lakeside.InquireOneAsync(request)));
    }

    [Theory]
    [InlineData("update")]
    [InlineData("cancel")]
    [InlineData("update-2.0.1")]
    public async Task An_update_or_cancellation_naming_another_clients_authorization_is_refused_as_unknown(string kind)
    {
        await using var payer = PayerServer.OnSqlite();
        var riverside = await payer.EhrSignsInAsync();
        var lakeside = await payer.OtherEhrSignsInAsync();
        var original = await riverside.SubmitAsync(PasRequests.LutatheraQualifying().Build().WithLine(2));
        var number = PasStories.AuthorizationNumber(original);

        var update = PasRequests.LutatheraQualifying().Build().WithLine(2).UpdateOf(number);
        update = kind == "cancel" ? update.CancelWholeRequest() : update.Cancelled(2);
        var path = kind == "update-2.0.1" ? Pas201Client.Submit : PasClient.Submit;
        var response = await lakeside.SendAsync(FhirRequests.Post(path, update.ToJsonString()));

        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.BadRequest);
        Assert.Contains("not-found", FhirAssert.IssueCodes(outcome));
        // The first client's authorization stands as it was answered.
        var current = await riverside.InquireOneAsync(PasRequests.LutatheraQualifying().Build());
        Assert.Equal(PasClient.ActionCodes(original), PasClient.ActionCodes(current));
        Assert.Empty(await lakeside.InquireAsync(PasRequests.LutatheraQualifying().Build()));
    }
}

internal static class InquiryRequests
{
    private const string AuthorizationNumberExtension = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-authorizationNumber";

    /// <summary>An inquiry narrowed to one authorization number (PAS extension-authorizationNumber on the Claim).</summary>
    public static JsonObject NamingAuthorization(this JsonObject bundle, string number)
    {
        var claim = ClaimUpdates.Claim(bundle);
        var extensions = claim["extension"] as JsonArray ?? [];
        extensions.Add(new JsonObject { ["url"] = AuthorizationNumberExtension, ["valueString"] = number });
        claim["extension"] = extensions;
        return bundle;
    }
}
