using System.Text.Json.Nodes;
using FhirPriorAuth.Testing;

namespace FhirPriorAuth.Server.Tests.Pas;

/// <summary>The PAS test kit's request fixtures under <c>conformance/pas</c> in the shared data.</summary>
internal static class PasFixtures
{
    /// <summary>
    /// The requests of one fixture file: a Bundle, or an array of Bundles sent in turn (a Claim and its updates).
    /// Skips the calling test when the shared data is absent.
    /// </summary>
    public static async Task<List<JsonObject>> RequestsAsync(string fixture)
    {
        var root = SharedData.PathTo("conformance", "pas");
        Assert.SkipWhen(root is null, SharedData.MissingMessage);
        var parsed = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(root!, fixture), TestContext.Current.CancellationToken))!;
        return parsed is JsonArray array ? [.. array.Select(r => r!.AsObject())] : [parsed.AsObject()];
    }
}
