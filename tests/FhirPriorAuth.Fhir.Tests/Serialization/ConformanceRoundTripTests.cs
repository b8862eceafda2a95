using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Elements;
using FhirPriorAuth.Fhir.Serialization;
using FhirPriorAuth.Testing;

namespace FhirPriorAuth.Fhir.Tests.Serialization;

/// <summary>
/// Every <c>*.json</c> under shared/conformance: resources round-trip through parse → serialize, and the parser
/// finds no errors in them. Non-resource JSON (CDS Hooks requests, test-kit run files) is searched for embedded
/// resources, which are checked one by one.
/// </summary>
public class ConformanceRoundTripTests
{
    private const string Absent = "(shared folder absent)";

    /// <summary>
    /// Fixtures with real structural errors: the issue code the parser must report, and why the fixture is wrong.
    /// They must still round-trip.
    /// </summary>
    private static readonly Dictionary<string, (string Code, string Reason)> KnownInvalid = new(StringComparer.Ordinal)
    {
        ["pas/nonconformant_pas_bundle.json"] = ("FPA1014", "deliberately nonconformant: \"entry\": []"),
        ["crd/order_select_hook_request.json"] = ("FPA1010", "MedicationRequest.dosageInstruction.doseAndRate is an object, not an array"),
        ["crd/order_sign_hook_request.json"] = ("FPA1010", "MedicationRequest.dosageInstruction.doseAndRate is an object, not an array"),
        ["crd/appointment_book_hook_request.json"] = ("FPA1007", "Appointment.reason is R5; R4 has reasonCode/reasonReference"),
        ["crd/request_form_completion.json"] = ("FPA1008", "Questionnaire.version is the number 2, not a string"),
        ["dtr/questionnaire_response_dinner_order_static.json"] = ("FPA1011", "QuestionnaireResponse.authored is \"*\", not a dateTime"),
        ["dtr/questionnaire_package.json"] = ("FPA1011", "a Library id contains underscores, outside [A-Za-z0-9-.]"),
        ["dtr/questionnaire_response_conformant.json"] = ("FPA1011", "a Coding.code has a leading space"),
        ["dtr/pre_populated_questionnaire_response.json"] = ("FPA1011", "a Coding.code has a leading space"),
        ["fhirpath/fhir-test-cases-r4/input/patient-name-extensions.json"] = ("FPA1017", "_given has 1 entry for 2 given values"),
        ["fhirpath/fhirpath-js-yaml/resources-r4/patient-name-extensions.json"] = ("FPA1017", "_given has 1 entry for 2 given values"),
        ["fhirpath/fhirpath-js-yaml/resources-r4/parameters-example-types.json"] = ("FPA1008", "valueUuid is written as an object {value}, an XML-to-JSON conversion artefact"),
    };

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        var root = SharedData.PathTo("conformance");
        if (root is null || !Directory.Exists(root))
        {
            data.Add(Absent);
            return data;
        }
        foreach (var file in Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(root, file).Replace('\\', '/'));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Fixture_RoundTripsWithoutErrors(string relativePath)
    {
        Assert.SkipWhen(relativePath == Absent, SharedData.MissingMessage);
        var bytes = File.ReadAllBytes(SharedData.PathTo("conformance", relativePath)!);
        var document = JsonNode.Parse(bytes);

        var resources = document is JsonObject o && o.ContainsKey("resourceType")
            ? [o]
            : EmbeddedResources(document).ToList();
        Assert.SkipWhen(resources.Count == 0, "no FHIR resource in this file");

        var problems = new List<string>();
        foreach (var resource in resources)
        {
            var text = resource == document ? System.Text.Encoding.UTF8.GetString(bytes) : resource.ToJsonString();
            var parsed = FhirJsonParser.Parse(text);

            Assert.NotNull(parsed.Resource);
            JsonAssert.Equivalent(resource, JsonNode.Parse(FhirJsonSerializer.Serialize(parsed.Resource)));
            problems.AddRange(parsed.Issues.Where(i => i.IsError)
                .Select(i => $"{resource["resourceType"]}: {i.Id} {i.Expression} {i.Message}"));
            // Where the parser found nothing unknown, the element view must type every node too.
            if (!parsed.Issues.Any(i => i.Code is FhirParseIssueCode.UnknownProperty or FhirParseIssueCode.UnknownResourceType))
                problems.AddRange(UntypedNodes(ElementNode.FromResource(parsed.Resource)).Select(l => "untyped node " + l));
        }
        if (KnownInvalid.TryGetValue(relativePath, out var known))
            Assert.True(problems.Any(p => p.Contains(" " + known.Code + " ", StringComparison.Ordinal)),
                $"listed as invalid with {known.Code} ({known.Reason}) but found: {string.Join("; ", problems)}");
        else
            Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static IEnumerable<string> UntypedNodes(ElementNode node)
    {
        if (node.InstanceType is null) yield return node.Location;
        foreach (var child in node.Children())
            foreach (var location in UntypedNodes(child)) yield return location;
    }

    private static JsonNode? TryParse(string text)
    {
        try { return JsonNode.Parse(text); }
        catch (System.Text.Json.JsonException) { return null; }
    }

    // Outermost objects with a resourceType; resources nested inside them are checked as part of their parent.
    private static IEnumerable<JsonObject> EmbeddedResources(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o when o.ContainsKey("resourceType") && o["resourceType"] is JsonValue:
                yield return o;
                break;
            case JsonObject o:
                foreach (var (_, child) in o)
                    foreach (var r in EmbeddedResources(child)) yield return r;
                break;
            case JsonArray a:
                foreach (var child in a)
                    foreach (var r in EmbeddedResources(child)) yield return r;
                break;
            // Test-kit run files carry resources as JSON text inside string inputs.
            case JsonValue v when v.TryGetValue<string>(out var text) && text.TrimStart().StartsWith('{')
                && text.Contains("\"resourceType\"", StringComparison.Ordinal) && TryParse(text) is { } inner:
                foreach (var r in EmbeddedResources(inner)) yield return r;
                break;
        }
    }
}
