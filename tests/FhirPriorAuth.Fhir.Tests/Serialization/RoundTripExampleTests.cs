using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Resources;
using FhirPriorAuth.Fhir.Serialization;

namespace FhirPriorAuth.Fhir.Tests.Serialization;

/// <summary>Hand-written R4 edge cases: they parse without issues and serialize back to the same text, key order included.</summary>
public class RoundTripExampleTests
{
    public static TheoryData<string, string> Examples() => new()
    {
        { "primitive extensions", """{"resourceType":"Patient","id":"p1","birthDate":"1970-03","_birthDate":{"id":"b","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/patient-birthTime","valueDateTime":"1970-03-30T14:35:45-05:00"}]},"active":true}""" },
        { "_given with nulls", """{"resourceType":"Patient","name":[{"family":"Chalmers","given":["Peter",null,"James"],"_given":[null,{"extension":[{"url":"http://e.org/x","valueString":"y"}]},{"id":"g3"}]}]}""" },
        { "extension-only primitive", """{"resourceType":"Patient","_gender":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/data-absent-reason","valueCode":"unknown"}]}}""" },
        { "decimals kept as written", """{"resourceType":"Observation","status":"final","code":{"text":"c"},"valueQuantity":{"value":1.00065022141624642,"unit":"mg"},"referenceRange":[{"low":{"value":1.0},"high":{"value":1E2}}],"component":[{"code":{"text":"d"},"valueQuantity":{"value":-0.5e-3}}]}""" },
        { "choice types", """{"resourceType":"Observation","status":"final","code":{"text":"c"},"effectivePeriod":{"start":"2020-01-01T00:00:00Z"},"valueCodeableConcept":{"coding":[{"system":"http://loinc.org","code":"LA6576-8"}]},"extension":[{"url":"http://e.org/a","valueAge":{"value":3,"unit":"a"}}]}""" },
        { "contained resources", """{"resourceType":"Claim","status":"active","type":{"text":"t"},"use":"preauthorization","patient":{"reference":"#pat"},"created":"2024-05-01","provider":{"reference":"Practitioner/1"},"priority":{"text":"normal"},"insurance":[{"sequence":1,"focal":true,"coverage":{"reference":"Coverage/1"}}],"contained":[{"resourceType":"Patient","id":"pat","name":[{"text":"A B"}]}]}""" },
        { "bundle with nested resources", """{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:uuid:0b6a7b22-8e2b-4f2b-9a57-5a1c1b0e1f00","resource":{"resourceType":"Parameters","parameter":[{"name":"p","resource":{"resourceType":"Patient","gender":"female"}},{"name":"n","valueInteger":-3,"part":[{"name":"q","valueDecimal":0.10}]}]}},{"resource":{"resourceType":"Bundle","type":"batch","entry":[{"request":{"method":"GET","url":"Patient?gender=female"}}]}}]}""" },
        { "narrative xhtml and unicode", """{"resourceType":"Patient","text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">Zoë &amp; <b>José</b> — 日本</div>"}}""" },
        { "nested questionnaire items", """{"resourceType":"Questionnaire","status":"draft","item":[{"linkId":"1","type":"group","item":[{"linkId":"1.1","type":"decimal","initial":[{"valueDecimal":2.50}],"item":[{"linkId":"1.1.1","type":"display","text":"x"}]}]}]}""" },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_ParsesCleanlyAndSerializesToTheSameText(string name, string json)
    {
        var result = FhirJsonParser.Parse(json);

        Assert.True(result.Issues.Count == 0, name + ": " + string.Join("; ", result.Issues.Select(i => $"{i.Id} {i.Expression}")));
        Assert.Equal(json, FhirJsonSerializer.Serialize(result.Resource!));
        Assert.Equal(json, System.Text.Encoding.UTF8.GetString(FhirJsonSerializer.SerializeToUtf8Bytes(result.Resource!)));
    }

    [Fact]
    public void Serialize_PrettyDiffersOnlyInWhitespace()
    {
        var resource = FhirJsonParser.Parse("""{"resourceType":"Observation","status":"final","code":{"text":"c"},"valueDecimal":1.0}""").Resource!;

        var pretty = FhirJsonSerializer.Serialize(resource, pretty: true);

        Assert.Contains('\n', pretty);
        Assert.Contains("1.0", pretty, StringComparison.Ordinal);
        Assert.Equal(FhirJsonSerializer.Serialize(resource), JsonNode.Parse(pretty)!.ToJsonString());
    }

    [Fact]
    public void ParseIssues_BecomeAnOperationOutcome()
    {
        var result = FhirJsonParser.Parse("""{"resourceType":"Patient","birthDate":"1999-02-30x","nickname":"Bob"}""");

        var outcome = OperationOutcome.FromParseIssues(result.Issues);

        var issues = outcome.Issues.ToList();
        Assert.Equal(2, issues.Count);
        Assert.Equal("""{"severity":"error","code":"value","details":{"text":"The value does not match the lexical form of its primitive type (date)"},"diagnostics":"FPA1011","expression":["Patient.birthDate"]}""",
            issues[0].ToJsonString());
        Assert.Equal("FPA1007", issues[1]["diagnostics"]!.GetValue<string>());
        Assert.True(outcome.HasErrors);
        Assert.DoesNotContain("1999", outcome.Json.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Bob", outcome.Json.ToJsonString(), StringComparison.Ordinal);
        Assert.True(FhirJsonParser.Parse(outcome.Json.ToJsonString()).IsValid);
    }
}
