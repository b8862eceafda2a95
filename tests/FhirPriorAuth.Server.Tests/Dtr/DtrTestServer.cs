using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Tests.Infrastructure;
using FhirPriorAuth.Testing;

namespace FhirPriorAuth.Server.Tests.Dtr;

/// <summary>An in-process server (auth off) serving the small test artifacts, and request builders for DTR.</summary>
internal static class DtrTestServer
{
    public static string ArtifactsRoot { get; } = Path.Combine(SharedData.RepoRoot, "tests", "FhirPriorAuth.Server.Tests", "Dtr", "TestArtifacts");

    public static FhirServerFactory WithTestArtifacts(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Auth:Enabled"] = "false",
            ["Dtr:QuestionnairesRoot"] = Path.Combine(ArtifactsRoot, "questionnaires"),
            ["Dtr:PackageRoot"] = Path.Combine(ArtifactsRoot, "package"),
        };
        foreach (var (key, value) in settings)
            all[key] = value;
        return new FhirServerFactory(all);
    }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static JsonObject Coverage(string? payerId, string id = "cov-1") => new()
    {
        ["resourceType"] = "Coverage",
        ["id"] = id,
        ["contained"] = new JsonArray(new JsonObject
        {
            ["resourceType"] = "Organization",
            ["id"] = "payer",
            ["identifier"] = new JsonArray(new JsonObject { ["system"] = "http://fhirpriorauth.example.org/fhir/payer-id", ["value"] = payerId }),
            ["name"] = "A health plan",
        }),
        ["status"] = "active",
        ["beneficiary"] = new JsonObject { ["reference"] = "Patient/pat-1" },
        ["payor"] = new JsonArray(new JsonObject { ["reference"] = "#payer" }),
    };

    public static JsonObject MedicationOrder(string system, string code, string id = "mr-1") => new()
    {
        ["resourceType"] = "MedicationRequest",
        ["id"] = id,
        ["status"] = "draft",
        ["intent"] = "order",
        ["medicationCodeableConcept"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = system, ["code"] = code }) },
        ["subject"] = new JsonObject { ["reference"] = "Patient/pat-1" },
    };

    public static JsonObject Parameters(params (string Name, JsonNode Value)[] parameters) => new()
    {
        ["resourceType"] = "Parameters",
        ["parameter"] = new JsonArray([.. parameters.Select(p => (JsonNode)(p.Value is JsonObject o && o["resourceType"] is not null
            ? new JsonObject { ["name"] = p.Name, ["resource"] = o }
            : new JsonObject { ["name"] = p.Name, ["valueCanonical"] = p.Value.DeepClone() }))]),
    };

    public static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(FhirServerFactory server, string path, JsonObject body)
    {
        var response = await server.CreateClient().SendAsync(FhirRequests.Post(path, body.ToJsonString()), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(FhirServerFactory server, string path)
    {
        var response = await server.CreateClient().GetAsync(path, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(FhirAssert.FhirJson, response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>The package Bundles of a <c>$questionnaire-package</c> answer.</summary>
    public static List<JsonElement> PackageBundles(JsonElement parameters) =>
        [.. parameters.GetProperty("parameter").EnumerateArray()
            .Where(p => p.GetProperty("name").GetString() == "PackageBundle").Select(p => p.GetProperty("resource"))];

    public static IEnumerable<JsonElement> EntryResources(JsonElement bundle) =>
        bundle.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource"));

    public const string Package = "/fhir/Questionnaire/$questionnaire-package";

    public static Task<HttpResponseMessage> PackageAsync(FhirServerFactory server, JsonObject body) =>
        server.CreateClient().SendAsync(FhirRequests.Post(Package, body.ToJsonString()), Ct);

    /// <summary>The references a draft QuestionnaireResponse's qr-context extensions name.</summary>
    public static List<string?> QrContexts(JsonElement draft) =>
        [.. draft.GetProperty("extension").EnumerateArray()
            .Where(e => e.GetProperty("url").GetString() == "http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/qr-context")
            .Select(e => e.GetProperty("valueReference").GetProperty("reference").GetString())];

    /// <summary>An OperationOutcome's single issue as one comparable line: code, diagnostics, expression.</summary>
    public static string Issue(JsonElement outcome)
    {
        var issue = Assert.Single(outcome.GetProperty("issue").EnumerateArray());
        return $"{issue.GetProperty("code").GetString()} {issue.GetProperty("diagnostics").GetString()} {issue.GetProperty("expression").GetRawText()}";
    }
}
