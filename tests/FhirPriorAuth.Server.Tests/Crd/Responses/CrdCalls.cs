using System.Text.Json.Nodes;
using FhirPriorAuth.Policies.Artifacts;
using FhirPriorAuth.Policies.Tests.Builders;
using FhirPriorAuth.Server.Crd;
using FhirPriorAuth.Server.Crd.Responses;
using FhirPriorAuth.Testing;
using Microsoft.Extensions.Options;

namespace FhirPriorAuth.Server.Tests.Crd.Responses;

/// <summary>The responder over the checked-in policies, and the hook requests the tests send it.</summary>
internal static class CrdCalls
{
    public const string LaunchUrl = "https://dtr.example.org/launch";
    public const string WellmarkPolicyPage = "https://policies.example.org/wellmark/06.01.38";

    public static readonly DateTimeOffset Now = new(2026, 3, 1, 15, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<PolicyCatalog> LazyCatalog = new(() => PolicyCatalog.Load(
        Path.Combine(SharedData.RepoRoot, "questionnaires"), Path.Combine(SharedData.RepoRoot, "ig-packages", "fhirpriorauth")).EnsureUsable());

    public static PolicyCatalog Catalog => LazyCatalog.Value;

    public static CrdResponder Responder(bool launch = true, bool policyLinks = true)
    {
        var options = new CrdResponseOptions { DtrLaunchUrl = launch ? LaunchUrl : null };
        if (policyLinks)
            options.PolicyLinks["wellmark-lutathera"] = WellmarkPolicyPage;
        return new CrdResponder(Catalog, Options.Create(options));
    }

    /// <summary>Answers the request as the endpoint would: its hook, its configuration, the fixed clock.</summary>
    public static JsonObject Respond(JsonObject request, CrdResponder? responder = null)
    {
        var response = (responder ?? Responder()).Respond(new CrdCall(
            request["hook"]!.GetValue<string>(), request, CrdConfiguration.From(request), Now, "https://payer.example.org"));
        CrdResponseAssert.ValidResponse(response);
        return response;
    }

    /// <summary>The request with <c>davinci-crd.configuration</c> set.</summary>
    public static JsonObject Configured(this JsonObject request, JsonObject settings)
    {
        request["extension"] = new JsonObject { [CrdConfiguration.Extension] = settings };
        return request;
    }

    public static JsonObject Draft(JsonObject request, int index = 0) =>
        request["context"]!["draftOrders"]!["entry"]![index]!["resource"]!.AsObject();

    public static List<JsonObject> Cards(JsonObject response) => response["cards"]!.AsArray().Cast<JsonObject>().ToList();

    public static List<JsonObject> Cards(JsonObject response, string type) =>
        Cards(response).Where(c => c["source"]!["topic"]!["code"]!.GetValue<string>() == type).ToList();

    public static List<JsonObject> SystemActions(JsonObject response) =>
        (response["systemActions"] as JsonArray ?? []).Cast<JsonObject>().ToList();

    /// <summary>Instructions cards: guideline cards without links or suggestions (as Inferno tells them apart).</summary>
    public static List<JsonObject> Instructions(JsonObject response) =>
        Cards(response, "guideline").Where(c => c["links"] is null && c["suggestions"] is null).ToList();

    public static List<JsonObject> ExternalReferences(JsonObject response) =>
        Cards(response, "guideline").Where(c => c["links"] is JsonArray).ToList();

    /// <summary>Wellmark indication 1, every criterion documented (the PAS tests' qualifying request).</summary>
    public static PasRequestBuilder WellmarkLutathera() =>
        PasRequestBuilder.Lutathera("wellmark").ServiceDate(new DateOnly(2026, 3, 2)).Patient(60).Diagnosis("C7A.090")
            .ClinicalM(true).Flag("tumor-burden-significant", true).MitoticRate(1m).TumorNecrosis(false)
            .Coded("line-of-therapy", "first-line").SstrImaging(true).AdequateOrganFunction(true);

    /// <summary>Wellmark Lutathera with only a diagnosis: everything the policy reads is undocumented.</summary>
    public static PasRequestBuilder WellmarkUndocumented() =>
        PasRequestBuilder.Lutathera("wellmark").ServiceDate(new DateOnly(2026, 3, 2)).Patient(60).Diagnosis("C7A.090");

    public static PasRequestBuilder CapitalBlueCrossLutathera(DateOnly serviceDate) =>
        PasRequestBuilder.Lutathera("capital-blue-cross").ServiceDate(serviceDate).Patient(60).Diagnosis("C7A.010");

    /// <summary>Centene breast cancer pathway with the given everolimus product (default brand Afinitor 10 mg).</summary>
    public static PasRequestBuilder CenteneEverolimus(string ndc = "0078-0567-51") =>
        PasRequestBuilder.Everolimus("centene", ndc: ndc).ServiceDate(new DateOnly(2026, 3, 2)).Commercial().Patient(60)
            .Prescriber("207RX0202X").Diagnosis("C50.911").ClinicalM(true).HormoneReceptors(true, true).Her2(false)
            .Therapy("letrozole", new DateOnly(2024, 3, 2), new DateOnly(2025, 3, 2), stopReason: "progression")
            .Therapy("exemestane", new DateOnly(2026, 1, 31), status: "active");

    /// <summary>Afinitor Disperz (0078-0626) tablets for oral suspension of the given strength, for TSC under Centene.</summary>
    public static PasRequestBuilder CenteneDisperz(decimal strengthMg) =>
        PasRequestBuilder.Everolimus("centene", ndc: "0078-0626-51", dailyDoseMg: strengthMg, strengthMg: strengthMg)
            .ServiceDate(new DateOnly(2026, 3, 2)).Commercial().Patient(8).Diagnosis("Q85.1");

    /// <summary>An order-sign call for one CBC ServiceRequest under the given payer: nothing the policies govern.</summary>
    public static JsonObject LabOnly(string payer)
    {
        var request = WellmarkLutathera().BuildCrdRequest();
        var lab = new JsonObject
        {
            ["resourceType"] = "ServiceRequest",
            ["id"] = "cbc",
            ["status"] = "draft",
            ["intent"] = "order",
            ["code"] = new JsonObject { ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://loinc.org", ["code"] = "58410-2" }) },
            ["subject"] = new JsonObject { ["reference"] = "Patient/patient" },
            ["authoredOn"] = "2026-03-01",
            ["requester"] = new JsonObject { ["reference"] = "PractitionerRole/prescriber" },
        };
        request["context"]!["draftOrders"]!["entry"] = new JsonArray(new JsonObject { ["resource"] = lab });
        SetPayer(request, payer);
        return request;
    }

    /// <summary>Re-identifies the prefetched payer Organization (an unknown id makes an unknown payer).</summary>
    public static JsonObject SetPayer(JsonObject request, string payer)
    {
        foreach (var entry in request["prefetch"]!["coverage"]!["entry"]!.AsArray())
            if (entry!["resource"]!["resourceType"]!.GetValue<string>() == "Organization")
            {
                entry["resource"]!["identifier"]![0]!["value"] = payer;
                entry["resource"]!["name"] = payer == "acme-health" ? "Acme Health" : payer;
            }
        return request;
    }
}
