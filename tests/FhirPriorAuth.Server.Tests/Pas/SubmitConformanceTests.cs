using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Testing;

namespace FhirPriorAuth.Server.Tests.Pas;

/// <summary>The test kit's conformant request bundles each get a PAS Response Bundle answering every item.</summary>
public sealed class SubmitConformanceTests
{
    public static TheoryData<string> RequestBundles()
    {
        var data = new TheoryData<string>();
        var root = SharedData.PathTo("conformance", "pas");
        if (root is null || !Directory.Exists(root))
        {
            data.Add("(shared data absent)");
            return data;
        }
        foreach (var file in Directory.GetFiles(root, "conformant_pas_bundle*.json").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        var extracted = Path.Combine(root, "extracted");
        if (Directory.Exists(extracted))
            foreach (var file in Directory.GetFiles(extracted, "*submit*payload.json").Order(StringComparer.Ordinal))
                data.Add(Path.Combine("extracted", Path.GetFileName(file)));
        return data;
    }

    [Theory]
    [MemberData(nameof(RequestBundles))]
    public async Task A_conformant_request_gets_a_response_bundle_with_the_ClaimResponse_first(string fixture)
    {
        // Some presets hold a sequence of requests (a Claim and its updates): each is submitted in turn.
        var requests = await PasFixtures.RequestsAsync(fixture);
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();
        foreach (var request in requests)
        {
            // An update stands on its prior request: the server must know it first, so it is sent as a request of its own.
            if (PriorRequest(request) is { } prior)
                await PasClient.SubmitAsync(client, prior);
            AssertAnswered(request, await PasClient.SubmitAsync(client, request));
        }
    }

    [Fact]
    public async Task The_test_kit_update_sequence_keeps_one_authorization_and_answers_every_line()
    {
        var root = SharedData.PathTo("conformance", "pas", "extracted");
        Assert.SkipWhen(root is null, SharedData.MissingMessage);
        await using var server = FhirServerFactory.WithAuthDisabled();
        var client = server.CreateClient();
        var answers = new List<JsonObject>();
        foreach (var step in new[] { "initial", "add_item", "modify_cancel", "cancel_all" })
        {
            var path = Path.Combine(root!, $"pas_server_v221_preset__claim_update_{step}_submit_payload.json");
            var request = JsonNode.Parse(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken))!.AsObject();
            var bundle = await PasClient.SubmitAsync(client, request);
            AssertAnswered(request, bundle);
            answers.Add(PasClient.ClaimResponse(bundle));
        }

        Assert.Single(answers.Select(a => (string?)a["preAuthRef"]).Distinct());
        Assert.Equal(["NA"], PasClient.ActionCodes(answers[0]));
        Assert.Equal(["NA", "NA"], PasClient.ActionCodes(answers[1]));
        Assert.Equal(["NA", "C"], PasClient.ActionCodes(answers[2]));
        Assert.Equal(["C", "C"], PasClient.ActionCodes(answers[3]));
    }

    // The prior Claim an update carries, sent as the request it once was (its own predecessor link dropped).
    internal static JsonObject? PriorRequest(JsonObject request)
    {
        var entries = request["entry"]!.AsArray();
        var reference = (string?)entries[0]!["resource"]!["related"]?[0]?["claim"]?["reference"];
        // The reference may be the prior Claim's fullUrl or relative to the server base ("Claim/id").
        var priorEntry = reference is null ? null : entries.Skip(1).FirstOrDefault(e => (string?)e!["fullUrl"] is { } url
            && (url == reference || url.EndsWith("/" + reference, StringComparison.Ordinal)));
        if (priorEntry is null)
            return null;
        var prior = request.DeepClone().AsObject();
        var priorEntries = prior["entry"]!.AsArray();
        priorEntries.RemoveAt(entries.IndexOf(priorEntry));
        var claim = priorEntry["resource"]!.DeepClone().AsObject();
        claim.Remove("related");
        priorEntries[0] = new JsonObject { ["fullUrl"] = priorEntry["fullUrl"]!.DeepClone(), ["resource"] = claim };
        return prior;
    }

    private static void AssertAnswered(JsonObject request, JsonObject bundle)
    {
        Assert.Equal("collection", (string?)bundle["type"]);
        Assert.NotNull(bundle["identifier"]);
        Assert.NotNull(bundle["timestamp"]);
        var claimResponse = PasClient.ClaimResponse(bundle);
        Assert.Equal("ClaimResponse", (string?)claimResponse["resourceType"]);
        var claim = request["entry"]![0]!["resource"]!;
        var submitted = claim["item"]!.AsArray().Select(i => (int)i!["sequence"]!).Order();
        var answered = claimResponse["item"]!.AsArray().Select(i => (int)i!["itemSequence"]!).Order();
        Assert.Equal(submitted, answered);
        Assert.Equal((string?)request["entry"]![0]!["fullUrl"], (string?)claimResponse["request"]!["reference"]);
        // Everything the ClaimResponse names is in the response, under the fullUrl the submitter gave it.
        var fullUrls = bundle["entry"]!.AsArray().Select(e => (string?)e!["fullUrl"]).ToHashSet();
        foreach (var name in new[] { "patient", "insurer", "requestor" })
            Assert.Contains((string?)claimResponse[name]!["reference"], fullUrls);
        var requestFullUrls = request["entry"]!.AsArray().Select(e => (string?)e!["fullUrl"]).ToHashSet();
        Assert.Subset(requestFullUrls, fullUrls.Skip(1).ToHashSet());
    }
}
