using System.Net;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Subscriptions;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Server.Tests.Pas;
using FhirPriorAuth.Server.Tests.Pas.Review;
using static FhirPriorAuth.Server.Tests.Subscriptions.SubscriptionClient;

namespace FhirPriorAuth.Server.Tests.Subscriptions;

/// <summary>
/// A subscription filtered by <c>org-identifier</c> hears only about requests from the organizations it names; one
/// without a filter hears about every request of its system.
/// </summary>
public sealed class SubscriptionFilterTests
{
    private const string Npi = "http://hl7.org/fhir/sid/us-npi";
    private const string TransmissionIdentifiers = "http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-TransmissionIdentifiers";

    [Fact]
    public async Task A_filtered_subscription_is_notified_only_of_its_organizations_requests()
    {
        await using var filteredEndpoint = await NotificationListener.StartAsync();
        await using var everythingEndpoint = await NotificationListener.StartAsync();
        await using var server = new FhirServerFactory(FastSettings());
        var client = server.CreateClient();
        var filtered = (string)(await CreateAsync(client, Filtered(Subscription(filteredEndpoint.Endpoint), "org-identifier=1111111112")))["id"]!;
        var everything = (string)(await CreateAsync(client, Subscription(everythingEndpoint.Endpoint)))["id"]!;
        await WaitForStatusAsync(client, filtered, "active");
        await WaitForStatusAsync(client, everything, "active");
        // Two requests from the same system (the same client), for two clinics.
        var fromOurs = await ReviewClient.PendAsync(client, FromClinic("1111111112", "req-ours"));
        var fromOther = await ReviewClient.PendAsync(client, FromClinic("2222222223", "req-other"));

        // The other clinic's request is decided first: had it been queued, it would be the filtered subscription's event 1.
        await ReviewClient.ReadAsync(await ReviewClient.DecideAsync(client, (string)fromOther["id"]!, ReviewClient.Deny()), HttpStatusCode.OK);
        await ReviewClient.ReadAsync(await ReviewClient.DecideAsync(client, (string)fromOurs["id"]!, ReviewClient.Approve()), HttpStatusCode.OK);
        var received = await filteredEndpoint.NextOfTypeAsync("event-notification");
        var all = new[] { await everythingEndpoint.NextOfTypeAsync("event-notification"), await everythingEndpoint.NextOfTypeAsync("event-notification") };

        Assert.Equal("1", received.EventPart("event-number"));
        Assert.Equal((string?)fromOurs["authorizationNumber"], AuthorizationNumber(received));
        Assert.Equal(["A1"], PasClient.ActionCodes(PasClient.ClaimResponse(received.Bundle["entry"]![1]!["resource"]!.AsObject())));
        var status = await ReadAsync(await SendAsync(client, HttpMethod.Get, $"/fhir/Subscription/{filtered}/$status"), HttpStatusCode.OK);
        Assert.Equal("1", new ReceivedNotification(null, new Dictionary<string, string>(), status).Parameter("events-since-subscription-start"));
        Assert.Equal([(string?)fromOther["authorizationNumber"], (string?)fromOurs["authorizationNumber"]], all.Select(AuthorizationNumber));
        Assert.Equal(["1", "2"], all.Select(n => n.EventPart("event-number")));
    }

    [Fact]
    public async Task The_sending_systems_interchange_id_and_any_of_several_values_match()
    {
        await using var listener = await NotificationListener.StartAsync();
        await using var server = new FhirServerFactory(FastSettings());
        var client = server.CreateClient();
        // PAS 2.2.1 names the sending system (ISA06); the IG's topic spells the parameter orgIdentifier.
        var id = (string)(await CreateAsync(client, Filtered(Subscription(listener.Endpoint), "orgIdentifier=N999999,SENDER-7")))["id"]!;
        await WaitForStatusAsync(client, id, "active");
        var task = await ReviewClient.PendAsync(client, FromSender("SENDER-7", "req-sender"));

        await ReviewClient.ReadAsync(await ReviewClient.DecideAsync(client, (string)task["id"]!, ReviewClient.Approve()), HttpStatusCode.OK);
        var received = await listener.NextOfTypeAsync("event-notification");

        Assert.Equal((string?)task["authorizationNumber"], AuthorizationNumber(received));
    }

    [Theory]
    [InlineData("organization", "1111111112", true)]
    [InlineData("organization", Npi + "|1111111112", true)]
    [InlineData("organization", "http://example.org/other|1111111112", false)]
    [InlineData("practitioner-role", "1111111112", true)]
    [InlineData("transmission", "SENDER-7", true)]
    [InlineData("none", "1234567893", false)]
    public void A_request_is_from_its_providers_organization_and_its_sending_system(string shape, string filterValue, bool matches)
    {
        var request = shape switch
        {
            "organization" => ProviderIsOrganization("1111111112"),
            "practitioner-role" => FromClinic("1111111112", "req-1"),
            "transmission" => FromSender("SENDER-7", "req-1"),
            _ => PasRequests.LutatheraUndocumented().Build(), // a PractitionerRole without organization: the prescriber's NPI names no organization
        };

        Assert.Equal(matches, ClaimOrganizations.OfRequest(request).Contains(filterValue));
    }

    private static string? AuthorizationNumber(ReceivedNotification notification) =>
        (string?)notification.Bundle["entry"]![1]!["resource"]!["entry"]![0]!["resource"]!["preAuthRef"];

    /// <summary>A pending request from a clinic: the PractitionerRole works for an Organization with that NPI.</summary>
    private static JsonObject FromClinic(string npi, string requestId)
    {
        var request = WithIdentifier(PasRequests.LutatheraUndocumented().Build(), requestId);
        AddClinic(request, npi);
        Resource(request, "PractitionerRole")["organization"] = new JsonObject { ["reference"] = "Organization/clinic" };
        return request;
    }

    /// <summary>PAS 2.0.1/2.1.0 style: Claim.provider is the requesting Organization itself.</summary>
    private static JsonObject ProviderIsOrganization(string npi)
    {
        var request = PasRequests.LutatheraUndocumented().Build();
        AddClinic(request, npi);
        Resource(request, "Claim")["provider"] = new JsonObject { ["reference"] = "Organization/clinic" };
        return request;
    }

    /// <summary>PAS 2.2.1: the Claim carries the X12 transmission identifiers; ISA06 names the sending system.</summary>
    private static JsonObject FromSender(string interchangeSenderId, string requestId)
    {
        var request = WithIdentifier(PasRequests.LutatheraUndocumented().Build(), requestId);
        var claim = Resource(request, "Claim");
        var extensions = claim["extension"] as JsonArray ?? [];
        extensions.Add(new JsonObject
        {
            ["url"] = TransmissionIdentifiers,
            ["extension"] = new JsonArray(
                new JsonObject { ["url"] = "applicationSenderCode", ["valueString"] = "EHR-APP" },
                new JsonObject { ["url"] = "applicationReceiverCode", ["valueString"] = "PAYER-APP" },
                new JsonObject { ["url"] = "interchangeSenderID", ["valueString"] = interchangeSenderId },
                new JsonObject { ["url"] = "interchangeReceiverID", ["valueString"] = "PAYER" }),
        });
        claim["extension"] = extensions;
        return request;
    }

    private static JsonObject WithIdentifier(JsonObject request, string value)
    {
        request["identifier"]!["value"] = value;
        return request;
    }

    private static void AddClinic(JsonObject request, string npi) =>
        request["entry"]!.AsArray().Add(new JsonObject
        {
            ["fullUrl"] = "http://ehr.example.org/fhir/Organization/clinic",
            ["resource"] = new JsonObject
            {
                ["resourceType"] = "Organization",
                ["id"] = "clinic",
                ["identifier"] = new JsonArray(new JsonObject { ["system"] = Npi, ["value"] = npi }),
                ["name"] = "Clinic " + npi,
            },
        });

    private static JsonObject Resource(JsonObject request, string type) =>
        request["entry"]!.AsArray().Select(e => e!["resource"]!.AsObject()).First(r => (string?)r["resourceType"] == type);
}
