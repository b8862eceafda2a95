using System.Text.Json;
using FhirPriorAuth.Server.Tests.Infrastructure;
using static FhirPriorAuth.Server.Tests.Crd.CrdTestServer;

namespace FhirPriorAuth.Server.Tests.Crd;

public sealed class CrdDiscoveryTests
{
    [Fact]
    public async Task Given_TheServer_When_DiscoveryRequested_Then_SixCrdServicesAreListedWithPrefetchAndConfigurationOptions()
    {
        await using var server = Create();
        var body = JsonDocument.Parse(await server.CreateClient().GetStringAsync("/cds-services", Ct)).RootElement;

        var services = body.GetProperty("services").EnumerateArray().ToList();
        Assert.Equal(
            ["appointment-book", "encounter-discharge", "encounter-start", "order-dispatch", "order-select", "order-sign"],
            services.Select(s => s.GetProperty("hook").GetString()!).Order(StringComparer.Ordinal));
        foreach (var service in services)
        {
            var hook = service.GetProperty("hook").GetString();
            Assert.Equal("crd-" + hook, service.GetProperty("id").GetString());
            Assert.False(string.IsNullOrEmpty(service.GetProperty("title").GetString()));
            Assert.False(string.IsNullOrEmpty(service.GetProperty("description").GetString()));
            var prefetch = service.GetProperty("prefetch");
            Assert.Equal("Patient/{{context.patientId}}", prefetch.GetProperty("patient").GetString());
            Assert.StartsWith("Coverage?patient={{context.patientId}}&status=active", prefetch.GetProperty("coverage").GetString(), StringComparison.Ordinal);

            var options = service.GetProperty("extension").GetProperty("davinci-crd.configuration-options").EnumerateArray().ToList();
            Assert.Contains(options, o => o.GetProperty("code").GetString() == "coverage-info"
                && o.GetProperty("type").GetString() == "boolean" && o.GetProperty("default").ValueKind == JsonValueKind.True);
            Assert.Contains(options, o => o.GetProperty("code").GetString() == "max-cards"
                && o.GetProperty("type").GetString() == "integer" && o.GetProperty("default").GetInt32() == 10);
            Assert.All(options, o => Assert.False(string.IsNullOrEmpty(o.GetProperty("name").GetString())));
        }
    }

    [Fact]
    public async Task Given_TheServer_When_DiscoveryRequested_Then_EveryServiceDeclaresCrdVersions20And22()
    {
        await using var server = Create();
        var body = JsonDocument.Parse(await server.CreateClient().GetStringAsync("/cds-services", Ct)).RootElement;

        // CRD 2.2 dev-1/dev-2: the versions a service supports, major.minor (2.2 since its indeterminate and
        // no-member-found answers and the 400 for an unhandled payer are implemented).
        foreach (var service in body.GetProperty("services").EnumerateArray())
            Assert.Equal(["2.0", "2.2"], service.GetProperty("extension").GetProperty("davinci-crd.version").EnumerateArray().Select(v => v.GetString()!));
    }

    [Fact]
    public async Task Given_TheOrderHooks_When_DiscoveryRequested_Then_TheyAskForTheFactsThePoliciesRead()
    {
        await using var server = Create();
        var body = JsonDocument.Parse(await server.CreateClient().GetStringAsync("/cds-services", Ct)).RootElement;
        var orderSign = body.GetProperty("services").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "crd-order-sign");
        var prefetch = orderSign.GetProperty("prefetch");

        Assert.Equal("{{context.userId}}", prefetch.GetProperty("user").GetString());
        Assert.Equal("Encounter/{{context.encounterId}}", prefetch.GetProperty("encounter").GetString());
        Assert.Contains("_include=MedicationRequest:requester", prefetch.GetProperty("medicationRequests").GetString(), StringComparison.Ordinal);
        Assert.Contains("http://loinc.org|29593-1", prefetch.GetProperty("observations").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Condition?patient={{context.patientId}}", prefetch.GetProperty("conditions").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_AnUnusableFallbackSetting_When_TheServerProcessStarts_Then_ItExitsNamingTheSetting()
    {
        var exit = await ServerProcess.RunUntilExitAsync(
            ["--urls", "http://127.0.0.1:0", "--CdsHooks:FhirServer:MaxParallelRequests=0"], TimeSpan.FromSeconds(60), Ct);

        Assert.True(exit is not null, "the server kept running with CdsHooks:FhirServer:MaxParallelRequests=0");
        Assert.NotEqual(0, exit.ExitCode);
        Assert.Contains("MaxParallelRequests", exit.Output, StringComparison.Ordinal);
    }
}
