using System.Net;
using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Tests.Builders;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Testing;

namespace FhirPriorAuth.Server.Tests.Pas;

/// <summary>What $submit refuses, and that it says where: one 400 listing every problem with its FHIRPath.</summary>
public sealed class SubmitValidationTests
{
    [Theory]
    [InlineData("nonconformant_pas_bundle.json")]
    [InlineData("missing_referenced_resource_request_bundle.json")]
    public async Task Test_kit_negative_bundles_are_refused_with_an_OperationOutcome(string fixture)
    {
        var path = SharedData.PathTo("conformance", "pas", fixture);
        Assert.SkipWhen(path is null, SharedData.MissingMessage);
        await using var server = FhirServerFactory.WithAuthDisabled();

        var response = await PasClient.PostAsync(server.CreateClient(), JsonNode.Parse(await File.ReadAllTextAsync(path!, TestContext.Current.CancellationToken))!.AsObject());

        var outcome = await FhirAssert.OperationOutcome(response, HttpStatusCode.BadRequest);
        Assert.NotEmpty(FhirAssert.Expressions(outcome));
    }

    [Fact]
    public async Task A_dangling_reference_is_named_by_its_path()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var bundle = PasRequestBuilder.Lutathera().Without("Coverage").Build();

        var outcome = await FhirAssert.OperationOutcome(await PasClient.PostAsync(server.CreateClient(), bundle), HttpStatusCode.BadRequest);

        Assert.Contains("Bundle.entry[0].resource.insurance[0].coverage.reference", FhirAssert.Expressions(outcome));
    }

    [Fact]
    public async Task Every_problem_is_reported_at_once()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var bundle = PasRequestBuilder.Lutathera().Build();
        bundle["type"] = "batch";
        bundle.Remove("timestamp");
        var claim = bundle["entry"]![0]!["resource"]!.AsObject();
        claim["use"] = "claim";
        claim["item"]![0]!.AsObject().Remove("sequence");

        var outcome = await FhirAssert.OperationOutcome(await PasClient.PostAsync(server.CreateClient(), bundle), HttpStatusCode.BadRequest);

        Assert.Superset(new HashSet<string> { "Bundle.type", "Bundle.timestamp", "Bundle.entry[0].resource.use", "Bundle.entry[0].resource.item[0].sequence" },
            FhirAssert.Expressions(outcome).ToHashSet());
    }

    [Fact]
    public async Task A_resource_that_is_not_a_Bundle_is_refused()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var patient = new JsonObject { ["resourceType"] = "Patient", ["id"] = "p1" };

        var outcome = await FhirAssert.OperationOutcome(await PasClient.PostAsync(server.CreateClient(), patient), HttpStatusCode.BadRequest);

        Assert.Contains("Patient", FhirAssert.Expressions(outcome));
    }

    [Fact]
    public async Task A_Claim_that_is_not_the_first_entry_is_refused()
    {
        await using var server = FhirServerFactory.WithAuthDisabled();
        var bundle = PasRequestBuilder.Lutathera().Build();
        var entries = bundle["entry"]!.AsArray();
        var claim = entries[0]!;
        entries.RemoveAt(0);
        entries.Add(claim);

        var outcome = await FhirAssert.OperationOutcome(await PasClient.PostAsync(server.CreateClient(), bundle), HttpStatusCode.BadRequest);

        Assert.Contains("Bundle.entry[0].resource", FhirAssert.Expressions(outcome));
    }
}
