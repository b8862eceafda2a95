using System.Text.Json.Nodes;

namespace FhirPriorAuth.Policies.Tests.Builders;

// Assembling the Bundle: the Claim first, then the administrative resources, then the clinical ones.
public sealed partial class PasRequestBuilder
{
    /// <summary>A new PAS request Bundle (type collection); each call builds a fresh copy.</summary>
    public JsonObject Build()
    {
        var entries = new JsonArray { Entry("Claim", "request", Claim()) };
        foreach (var (type, id, resource) in Administrative().Concat(_resources))
            if (!_omitted.Contains(type) || _resources.Any(r => r.Resource == resource))
                entries.Add(Entry(type, id, resource.DeepClone().AsObject()));
        return new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["identifier"] = new JsonObject { ["system"] = "http://ehr.example.org/pas-request", ["value"] = "req-1" },
            ["type"] = "collection",
            ["timestamp"] = Date(_serviceDate.AddDays(-3)) + "T09:00:00Z",
            ["entry"] = entries,
        };
    }

    private static JsonObject Entry(string type, string id, JsonObject resource) =>
        new() { ["fullUrl"] = FullUrl(type, id), ["resource"] = resource };

    private JsonObject Claim()
    {
        var item = _item.DeepClone().AsObject();
        item["sequence"] = 1;
        item["extension"] = new JsonArray(new JsonObject
        {
            ["url"] = CertificationTypeUrl,
            ["valueCodeableConcept"] = Concept("https://codesystem.x12.org/005010/1322", _certification),
        });
        if (_serviceEnd is { } end)
            item["servicedPeriod"] = new JsonObject { ["start"] = Date(_serviceDate), ["end"] = Date(end) };
        else
            item["servicedDate"] = Date(_serviceDate);
        if (_diagnoses.Count > 0)
            item["diagnosisSequence"] = new JsonArray([.. Enumerable.Range(1, _diagnoses.Count).Select(i => (JsonNode)i)]);

        var claim = new JsonObject
        {
            ["resourceType"] = "Claim",
            ["id"] = "request",
            ["status"] = "active",
            ["type"] = Concept("http://terminology.hl7.org/CodeSystem/claim-type", _claimType),
            ["use"] = "preauthorization",
            ["patient"] = Ref("Patient", "patient"),
            ["created"] = Date(_serviceDate.AddDays(-3)) + "T09:00:00Z",
            ["insurer"] = Ref("Organization", "payer"),
            ["provider"] = Ref("PractitionerRole", "prescriber"),
            ["priority"] = Concept("http://terminology.hl7.org/CodeSystem/processpriority", "normal"),
            ["insurance"] = new JsonArray(new JsonObject { ["sequence"] = 1, ["focal"] = true, ["coverage"] = Ref("Coverage", "coverage") }),
        };
        if (_medicationRequest is not null)
            claim["prescription"] = Ref("MedicationRequest", "order");
        if (_diagnoses.Count > 0) claim["diagnosis"] = _diagnoses.DeepClone();
        if (_supportingInfo.Count > 0) claim["supportingInfo"] = _supportingInfo.DeepClone();
        if (_consultants.Count > 0)
        {
            JsonObject Member(int sequence, string id, string role) => new()
            {
                ["sequence"] = sequence, ["provider"] = Ref("PractitionerRole", id),
                ["role"] = Concept("http://terminology.hl7.org/CodeSystem/claimcareteamrole", role),
            };
            claim["careTeam"] = new JsonArray([Member(1, "prescriber", "primary"), .. _consultants.Select((id, i) => (JsonNode)Member(i + 2, id, "other"))]);
        }
        claim["item"] = new JsonArray(item);
        return claim;
    }

    private IEnumerable<(string Type, string Id, JsonObject Resource)> Administrative()
    {
        var patient = new JsonObject { ["resourceType"] = "Patient", ["id"] = "patient", ["gender"] = _gender };
        if ((_birthDate ?? _serviceDate.AddYears(-_age.GetValueOrDefault()).AddDays(-10)) is var born && (_birthDate is not null || _age is not null))
            patient["birthDate"] = Date(born);
        yield return ("Patient", "patient", patient);

        var coverage = new JsonObject
        {
            ["resourceType"] = "Coverage",
            ["id"] = "coverage",
            ["status"] = "active",
            ["type"] = Concept(Sopt, _soptCode),
            ["subscriberId"] = "M123456",
            ["beneficiary"] = Ref("Patient", "patient"),
            ["payor"] = new JsonArray(Ref("Organization", "payer")),
        };
        if (_planValue is not null)
            coverage["class"] = new JsonArray(new JsonObject
            {
                ["type"] = Concept("http://terminology.hl7.org/CodeSystem/coverage-class", "plan"),
                ["value"] = _planValue,
            });
        yield return ("Coverage", "coverage", coverage);

        yield return ("Organization", "payer", new JsonObject
        {
            ["resourceType"] = "Organization",
            ["id"] = "payer",
            ["identifier"] = new JsonArray(new JsonObject { ["system"] = PayerIdSystem, ["value"] = _payer }),
            ["name"] = _payer,
        });
        yield return ("Practitioner", "prescriber", new JsonObject
        {
            ["resourceType"] = "Practitioner",
            ["id"] = "prescriber",
            ["identifier"] = new JsonArray(new JsonObject { ["system"] = "http://hl7.org/fhir/sid/us-npi", ["value"] = "1234567893" }),
            ["name"] = new JsonArray(new JsonObject { ["family"] = "Oncologist", ["given"] = new JsonArray("Ana") }),
        });
        yield return ("PractitionerRole", "prescriber", new JsonObject
        {
            ["resourceType"] = "PractitionerRole",
            ["id"] = "prescriber",
            ["practitioner"] = Ref("Practitioner", "prescriber"),
            ["specialty"] = new JsonArray(Concept(Nucc, _prescriberSpecialty)),
        });
    }
}
