using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Resources;
using FhirPriorAuth.Fhir.Serialization;

namespace FhirPriorAuth.Fhir.Tests.Resources;

public class WrapperTests
{
    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();

    private static Bundle SampleBundle() => new(Json("""
        {"resourceType":"Bundle","type":"collection","entry":[
          {"fullUrl":"urn:uuid:11111111-1111-1111-1111-111111111111","resource":{"resourceType":"Patient","id":"a"}},
          {"fullUrl":"http://example.org/fhir/Patient/b","resource":{"resourceType":"Patient","id":"b"}},
          {"fullUrl":"http://other.org/fhir/Patient/b","resource":{"resourceType":"Patient","id":"b2"}},
          {"resource":{"resourceType":"Coverage","id":"c"}}]}
        """));

    [Theory]
    [InlineData("urn:uuid:11111111-1111-1111-1111-111111111111", null, "a")]
    [InlineData("http://example.org/fhir/Patient/b", null, "b")]
    [InlineData("http://example.org/fhir/Patient/b/_history/3", null, "b")]
    [InlineData("Patient/b", "http://other.org/fhir/Claim/1", "b2")]
    [InlineData("Patient/b", null, "b")]
    [InlineData("Coverage/c", null, "c")]
    public void Resolve_FindsResourcesInTheBundle(string reference, string? from, string expectedId)
    {
        var resolved = SampleBundle().Resolve(reference, from);

        Assert.Equal(expectedId, resolved?["id"]?.GetValue<string>());
    }

    [Theory]
    [InlineData("urn:uuid:22222222-2222-2222-2222-222222222222")]
    [InlineData("Patient/zzz")]
    [InlineData("#contained")]
    [InlineData("http://nowhere.org/Patient/a")]
    public void Resolve_IsNullForMissingTargets(string reference) => Assert.Null(SampleBundle().Resolve(reference));

    [Fact]
    public void Bundle_EntriesReadAndWriteTheUnderlyingJson()
    {
        var bundle = Bundle.Create("collection");

        var entry = bundle.AddEntry(Json("""{"resourceType":"Patient","id":"x"}"""), "urn:uuid:33333333-3333-3333-3333-333333333333");
        entry.FullUrl = "urn:uuid:44444444-4444-4444-4444-444444444444";

        Assert.Equal("""{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:uuid:44444444-4444-4444-4444-444444444444","resource":{"resourceType":"Patient","id":"x"}}]}""",
            bundle.Json.ToJsonString());
        Assert.Equal("x", bundle.Entries.Single().Resource!["id"]!.GetValue<string>());
        Assert.True(FhirJsonParser.Parse(bundle.Json.ToJsonString()).IsValid);
    }

    [Fact]
    public void Claim_ExposesItemsAndReferences()
    {
        var claim = new Claim(Json("""{"resourceType":"Claim","status":"active","use":"preauthorization","patient":{"reference":"Patient/1"},"item":[{"sequence":1,"productOrService":{"text":"x"}},{"sequence":2}]}"""));

        Assert.Equal(("active", "preauthorization", "Patient/1"), (claim.Status, claim.Use, claim.PatientReference));
        Assert.Equal([1, 2], claim.Items.Select(i => i.Sequence));
        Assert.Equal("x", claim.Items.First().ProductOrService!["text"]!.GetValue<string>());
        Assert.Throws<ArgumentException>(() => new Claim(Json("""{"resourceType":"Patient"}""")));
    }

    [Fact]
    public void ClaimResponse_BuildsValidJson()
    {
        var response = ClaimResponse.Create();
        response.Id = "r1";
        response.Status = "active";
        response.Use = "preauthorization";
        response.Outcome = "complete";
        response.PatientReference = "Patient/1";
        response.InsurerReference = "Organization/payer";
        response.RequestReference = "Claim/1";
        response.AddItem(1)["adjudication"] = new JsonArray(new JsonObject { ["category"] = new JsonObject { ["text"] = "submitted" } });
        response.Json["type"] = new JsonObject { ["text"] = "professional" };
        response.Json["created"] = "2024-05-01";

        var parsed = FhirJsonParser.Parse(response.Json.ToJsonString());

        Assert.True(parsed.IsValid, string.Join("; ", parsed.Issues.Select(i => i.Id + " " + i.Expression)));
        Assert.Equal("Claim/1", response.RequestReference);
        response.Outcome = null;
        Assert.False(response.Json.ContainsKey("outcome"));
    }

    [Fact]
    public void OperationOutcome_AddIssueWritesTheR4Shape()
    {
        var outcome = OperationOutcome.Create();

        outcome.AddIssue("warning", "business-rule", "Check the dates", "Claim.item[0]", "PAS-1");

        Assert.Equal("""{"resourceType":"OperationOutcome","issue":[{"severity":"warning","code":"business-rule","details":{"text":"Check the dates"},"diagnostics":"PAS-1","expression":["Claim.item[0]"]}]}""",
            outcome.Json.ToJsonString());
        Assert.False(outcome.HasErrors);
    }

    [Fact]
    public void Parameters_ReadAndWriteValuesResourcesAndParts()
    {
        var parameters = Parameters.Create();
        parameters.AddValue("count", "integer", 3);
        parameters.AddResource("patient", Json("""{"resourceType":"Patient"}"""));

        var reread = new Parameters(JsonNode.Parse(parameters.Json.ToJsonString())!.AsObject());

        Assert.Equal(("Integer", "3"), (reread.Get("count").Single().Value!.Value.TypeSuffix, reread.Get("count").Single().Value!.Value.Value!.ToJsonString()));
        Assert.Equal("Patient", reread.Get("patient").Single().Resource!["resourceType"]!.GetValue<string>());
        Assert.Null(reread.Get("patient").Single().Value);
        Assert.True(FhirJsonParser.Parse(parameters.Json.ToJsonString()).IsValid);
    }

    [Fact]
    public void CapabilityStatement_DeclaresResourcesAndOperations()
    {
        var cs = CapabilityStatement.Create("2024-05-01");

        cs.AddResource("Claim", "read", "search-type");
        cs.AddOperation("submit", "http://hl7.org/fhir/us/davinci-pas/OperationDefinition/Claim-submit");

        Assert.Equal("4.0.1", cs.FhirVersion);
        Assert.Equal("Claim", cs.ServerRest["resource"]![0]!["type"]!.GetValue<string>());
        var parsed = FhirJsonParser.Parse(cs.Json.ToJsonString());
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Issues.Select(i => i.Id + " " + i.Expression)));
    }
}
