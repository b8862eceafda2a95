using System.Text.Json.Nodes;
using FhirPriorAuth.Server.CdsHooks.Prefetch;

namespace FhirPriorAuth.Server.Tests.Crd;

public sealed class PrefetchTemplateTests
{
    private static readonly JsonObject Context = new()
    {
        ["patientId"] = "pat-1",
        ["userId"] = "PractitionerRole/role-7",
        ["draftOrders"] = new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["entry"] = new JsonArray(
                new JsonObject { ["resource"] = new JsonObject { ["resourceType"] = "MedicationRequest", ["id"] = "a" } },
                new JsonObject { ["resource"] = new JsonObject { ["resourceType"] = "ServiceRequest", ["id"] = "s" } },
                new JsonObject { ["resource"] = new JsonObject { ["resourceType"] = "MedicationRequest", ["id"] = "b" } }),
        },
    };

    [Theory]
    [InlineData("Patient/{{context.patientId}}", "Patient/pat-1")]
    [InlineData("{{context.userId}}", "PractitionerRole/role-7")]
    [InlineData("PractitionerRole/{{userPractitionerRoleId}}", "PractitionerRole/role-7")]
    [InlineData("Coverage?patient={{context.patientId}}&status=active", "Coverage?patient=pat-1&status=active")]
    [InlineData("MedicationRequest?_id={{context.draftOrders.MedicationRequest.id}}", "MedicationRequest?_id=a,b")]
    public void Given_ATemplateWithValues_When_Resolved_Then_TheTokensAreSubstituted(string template, string expected) =>
        Assert.Equal(expected, PrefetchTemplate.Resolve(template, Context));

    [Theory]
    [InlineData("Encounter/{{context.encounterId}}")]
    [InlineData("Practitioner/{{userPractitionerId}}")]
    [InlineData("DeviceRequest?_id={{context.draftOrders.DeviceRequest.id}}")]
    [InlineData("Patient/{{context.draftOrders}}")]
    public void Given_ATokenWithoutAValue_When_Resolved_Then_TheTemplateIsNotRun(string template) =>
        Assert.Null(PrefetchTemplate.Resolve(template, Context));

    [Theory]
    [InlineData("x&_include=*")]
    [InlineData("x?y=1")]
    [InlineData("../../admin")]
    [InlineData("https://attacker.example/fhir")]
    [InlineData("x#frag")]
    [InlineData("a b")]
    public void Given_AContextValueThatWouldChangeTheQuery_When_Resolved_Then_TheTemplateIsNotRun(string patientId)
    {
        var context = new JsonObject { ["patientId"] = patientId, ["userId"] = patientId };
        Assert.Null(PrefetchTemplate.Resolve("Patient/{{context.patientId}}", context));
        Assert.Null(PrefetchTemplate.Resolve("{{context.userId}}", context));
    }
}
