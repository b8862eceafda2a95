using System.Text.Json.Nodes;
using FhirPriorAuth.Server.Tests.Crd;
using FhirPriorAuth.Server.Tests.Pas;
using FhirPriorAuth.Testing;

namespace FhirPriorAuth.Server.Tests.Fuzz;

/// <summary>A seed body and the endpoints it is naturally sent to.</summary>
internal sealed record FuzzSeed(string Name, string Json, IReadOnlyList<string> Targets);

/// <summary>
/// The seeds the fuzzer mutates: the bench's PAS requests, requests built as the tests build them (a CDS call per hook,
/// feedback, a reviewer decision, a Subscription) and, when <c>../shared</c> is present, the official conformance
/// fixtures (CRD, DTR, PAS) up to 120 KB each.
/// </summary>
internal static class FuzzCorpus
{
    private const int MaxSeedBytes = 120 * 1024;

    private static readonly string[] PasTargets =
        ["/fhir/Claim/$submit", "/fhir/Claim/$inquire", "/fhir/pas-2.0.1/Claim/$submit", "/fhir/pas-2.0.1/Claim/$inquire", "/fhir/Bundle/$validate"];

    private static readonly string[] ParametersTargets =
        ["/fhir/Questionnaire/$questionnaire-package", "/fhir/$questionnaire-package", "/fhir/ValueSet/$expand", "/fhir/$validate", "/fhir/Questionnaire/$log-questionnaire-errors"];

    public static IReadOnlyList<FuzzSeed> Load(IEnumerable<string> cdsServices)
    {
        var services = cdsServices.ToList();
        var seeds = new List<FuzzSeed>();
        foreach (var file in Directory.GetFiles(Path.Combine(SharedData.RepoRoot, "bench", "requests"), "*.json", SearchOption.AllDirectories))
            Add(seeds, Path.GetFileName(file), File.ReadAllText(file), services);
        if (SharedData.PathTo("conformance") is { } conformance && Directory.Exists(conformance))
            foreach (var folder in new[] { "crd", "dtr", "pas", Path.Combine("pas", "extracted") })
                foreach (var file in Directory.GetFiles(Path.Combine(conformance, folder), "*.json").Order(StringComparer.Ordinal))
                    if (new FileInfo(file).Length <= MaxSeedBytes)
                        Add(seeds, Path.GetFileName(file), File.ReadAllText(file), services);

        foreach (var hook in new[] { "order-sign", "order-select", "order-dispatch", "appointment-book", "encounter-start", "encounter-discharge" })
        {
            var call = CrdTestServer.OrderSign("http://127.0.0.1:9/fhir", "token");
            call["hook"] = hook;
            var context = call["context"]!.AsObject();
            context["selections"] = new JsonArray("MedicationRequest/lutathera-1");
            context["appointments"] = context["draftOrders"]!.DeepClone();
            context["order"] = "MedicationRequest/lutathera-1";
            context["performer"] = "Organization/o1";
            Add(seeds, hook, call.ToJsonString(), services);
        }
        Add(seeds, "pas-undocumented", PasRequests.LutatheraUndocumented().Build().ToJsonString(), services);
        Add(seeds, "feedback", """{"feedback":[{"card":"c1","outcome":"overridden","overrideReason":{"code":"x"},"outcomeTimestamp":"2026-03-02T10:00:00Z"}]}""", services);
        Add(seeds, "decision", """{"items":[{"sequence":1,"action":"approve","reason":"ok","period":{"start":"2026-03-02","end":"2026-09-02"},"quantity":4}],"reviewer":{"npi":"1982345670"}}""", services);
        Add(seeds, "subscription", Subscriptions.SubscriptionClient.Subscription("https://ehr.example.org/hook").ToJsonString(), services);
        return seeds;
    }

    private static void Add(List<FuzzSeed> seeds, string name, string json, List<string> services)
    {
        if (JsonNode.Parse(json) is not JsonObject body)
            return;
        var type = (body["resourceType"] as JsonValue)?.TryGetValue<string>(out var t) == true ? t : null;
        IReadOnlyList<string> targets = (body["hook"] as JsonValue)?.TryGetValue<string>(out var hook) == true
            ? [.. services.Where(s => s == "crd-" + hook).DefaultIfEmpty(services[0]).Select(s => "/cds-services/" + s)]
            : body["feedback"] is not null ? ["/cds-services/crd-order-sign/feedback"]
            : body["reviewer"] is not null ? ["/review/tasks/task-1/decision"]
            : type switch
            {
                "Bundle" => PasTargets,
                "Parameters" => ParametersTargets,
                "Subscription" => ["/fhir/Subscription", "/fhir/Subscription/sub-1"],
                null => ["/cds-services/crd-order-sign"],
                _ => [$"/fhir/{type}/$validate", "/fhir/$validate"],
            };
        seeds.Add(new FuzzSeed(name, json, targets));
    }
}
