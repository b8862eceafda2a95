using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Elements;
using FhirPriorAuth.Fhir.FhirPath;
using FhirPriorAuth.Fhir.FhirPath.Values;

namespace FhirPriorAuth.Fhir.Tests.FhirPath;

/// <summary>Evaluation over element trees: navigation, environment variables, references, iteration variables.</summary>
public class EvaluationTests
{
    private const string PatientJson = """
        {
          "resourceType": "Patient",
          "id": "p1",
          "active": true,
          "name": [
            { "use": "official", "family": "Rivera", "given": ["Ana", "Maria"] },
            { "use": "nickname", "given": ["Annie"] }
          ],
          "birthDate": "1980-06-15",
          "_birthDate": { "extension": [ { "url": "http://hl7.org/fhir/StructureDefinition/patient-birthTime", "valueDateTime": "1980-06-15T08:30:00Z" } ] },
          "contained": [ { "resourceType": "Organization", "id": "org1", "name": "Acme Health" } ],
          "managingOrganization": { "reference": "#org1" }
        }
        """;

    private const string BundleJson = """
        {
          "resourceType": "Bundle",
          "type": "collection",
          "entry": [
            { "fullUrl": "urn:uuid:0f0e6c7e-1111-4a8b-9a0e-000000000001",
              "resource": { "resourceType": "Claim", "id": "c1", "status": "active",
                            "patient": { "reference": "Patient/p9" },
                            "diagnosis": [ { "sequence": 1, "diagnosisCodeableConcept": { "coding": [ { "system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "M17.11" } ] } } ],
                            "insurance": [ { "sequence": 1, "focal": true, "coverage": { "reference": "urn:uuid:0f0e6c7e-1111-4a8b-9a0e-000000000002" } } ] } },
            { "fullUrl": "urn:uuid:0f0e6c7e-1111-4a8b-9a0e-000000000002",
              "resource": { "resourceType": "Coverage", "id": "cov1", "status": "active" } },
            { "fullUrl": "http://example.org/fhir/Patient/p9",
              "resource": { "resourceType": "Patient", "id": "p9", "birthDate": "1950-01-01" } },
            { "resource": { "resourceType": "Observation", "id": "o1", "status": "final",
                            "code": { "coding": [ { "system": "http://loinc.org", "code": "29463-7" } ] },
                            "valueQuantity": { "value": 82.5, "unit": "kg", "system": "http://unitsofmeasure.org", "code": "kg" } } }
          ]
        }
        """;

    private static ElementNode Patient => ElementNode.FromResource((JsonObject)JsonNode.Parse(PatientJson)!);
    private static ElementNode Bundle => ElementNode.FromResource((JsonObject)JsonNode.Parse(BundleJson)!);

    private static IReadOnlyList<object> Eval(string expression, ElementNode? focus, EvaluationContext? context = null) =>
        FhirPathCompiler.Compile(expression).Evaluate(focus, context);

    private static object Single(string expression, ElementNode? focus, EvaluationContext? context = null)
    {
        var result = Eval(expression, focus, context);
        Assert.Single(result);
        return ItemValues.ToSystemValue(result[0])!;
    }

    [Fact]
    public void Navigation_FlattensRepeatingElements() =>
        Assert.Equal(["Ana", "Maria", "Annie"], Eval("Patient.name.given", Patient).Select(ItemValues.ToSystemValue));

    [Fact]
    public void PrimitivesActAsSystemValues()
    {
        Assert.Equal(true, Single("birthDate = @1980-06-15", Patient));
        // Month precision against day precision: same month, so the order is unknown (empty).
        Assert.Empty(Eval("birthDate < @1980-06", Patient));
        Assert.Equal(true, Single("active and name.exists()", Patient));
    }

    [Fact]
    public void PrimitiveExtensionsAreReachable() =>
        Assert.Equal(true, Single("birthDate.extension(%`ext-patient-birthTime`).value = @1980-06-15T08:30:00Z", Patient));

    [Fact]
    public void UndefinedElementNamesAreErrors()
    {
        var e = Assert.Throws<FhirPathEvaluationException>(() => Eval("name.gven", Patient));
        Assert.Contains("gven", e.Message);
        // After ofType() the type is known from the text, so the typo is caught when compiling.
        Assert.Throws<FhirPathCompileException>(() => Eval("Bundle.entry.resource.ofType(Observation).valueQuantity", Bundle));
        Assert.Throws<FhirPathEvaluationException>(() => Eval("Bundle.entry.resource.where(id = 'o1').valueQuantity", Bundle));
    }

    [Fact]
    public void ChoiceElementsAnswerToTheirBaseName() =>
        Assert.Equal(82.5m, Single("Bundle.entry.resource.ofType(Observation).value.value", Bundle));

    [Fact]
    public void QuantitiesCompareAcrossUnits() =>
        Assert.Equal(true, Single("Bundle.entry.resource.ofType(Observation).value > 80000 'g'", Bundle));

    [Fact]
    public void ResolveFindsContainedResources() =>
        Assert.Equal("Acme Health", Single("managingOrganization.resolve().name", Patient));

    [Fact]
    public void ResolveFindsBundleEntriesByUuidAndByTypeAndId()
    {
        var claim = "Bundle.entry.resource.ofType(Claim)";
        Assert.Equal("active", Single(claim + ".insurance.coverage.resolve().status", Bundle));
        Assert.Equal(true, Single(claim + ".patient.resolve().birthDate < @1960", Bundle));
    }

    [Fact]
    public void ResolveFallsBackToTheCallersResolver()
    {
        var org = ElementNode.FromResource(new JsonObject { ["resourceType"] = "Organization", ["id"] = "x", ["name"] = "Elsewhere" });
        var context = new EvaluationContext { ReferenceResolver = r => r == "Organization/x" ? org : null };
        Assert.Equal("Elsewhere", Single("'Organization/x'.resolve().name", null, context));
    }

    [Fact]
    public void EnvironmentVariables()
    {
        Assert.Equal("http://loinc.org", Single("%loinc", null));
        Assert.Equal("http://hl7.org/fhir/ValueSet/x", Single("%`vs-x`", null));
        var claim = Eval("Bundle.entry.resource.ofType(Claim)", Bundle).Cast<ElementNode>().Single();
        Assert.Equal("Bundle", ((ElementNode)Eval("%rootResource", claim).Single()).InstanceType);
        Assert.Equal("Claim", ((ElementNode)Eval("%resource", claim).Single()).InstanceType);
        Assert.Equal("Claim", ((ElementNode)Eval("%context", claim).Single()).InstanceType);
    }

    [Fact]
    public void CallerVariables_AcceptSingleValuesAndSequences()
    {
        var context = new EvaluationContext
        {
            Variables = new Dictionary<string, object?> { ["threshold"] = 3, ["codes"] = new[] { "M17.11", "M17.12" } },
        };
        Assert.Equal(true, Single("%threshold > 2 and 'M17.12' in %codes", null, context));
        Assert.Throws<FhirPathEvaluationException>(() => Eval("%undefined", null));
    }

    [Fact]
    public void DefineVariable_IsVisibleLaterInThePath()
    {
        Assert.Equal(["Rivera Ana", "Rivera Maria"],
            Eval("name.where(use = 'official').defineVariable('fam', family).given.select(%fam & ' ' & $this)", Patient).Select(ItemValues.ToSystemValue));
        Assert.Throws<FhirPathEvaluationException>(() => Eval("defineVariable('x', 1).defineVariable('x', 2)", Patient));
    }

    [Fact]
    public void IterationVariables()
    {
        Assert.Equal([0, 1, 2], Eval("('a' | 'b' | 'c').select($index)", null));
        Assert.Equal(6, Single("(1 | 2 | 3).aggregate($total + $this, 0)", null));
        Assert.Equal(["Ana", "Maria"], Eval("name.where(use = 'official').given.where($this.length() > 2)", Patient).Select(ItemValues.ToSystemValue));
    }

    [Fact]
    public void ThreeValuedLogic()
    {
        Assert.Empty(Eval("{} and true", null));
        Assert.Equal(false, Single("{} and false", null));
        Assert.Equal(true, Single("{} or true", null));
        Assert.Equal(true, Single("false implies {}", null));
        Assert.Empty(Eval("true implies {}", null));
    }

    [Fact]
    public void IcdPrefixRule() =>
        Assert.Equal(true, Single(
            "Bundle.entry.resource.ofType(Claim).diagnosis.diagnosis.coding.where(system = 'http://hl7.org/fhir/sid/icd-10-cm' and code.startsWith('M17')).exists()",
            Bundle));

    [Fact]
    public void TraceReportsToTheContext()
    {
        var traces = new List<(string, int)>();
        var context = new EvaluationContext { Tracer = (name, items) => traces.Add((name, items.Count)) };
        Assert.Equal(3, Single("name.given.trace('given').count()", Patient, context));
        Assert.Equal([("given", 3)], traces);
    }

    [Fact]
    public void TodayAndNowUseTheContextClock()
    {
        var context = new EvaluationContext { Now = new DateTimeOffset(2026, 3, 1, 9, 15, 0, TimeSpan.Zero) };
        Assert.Equal("2026-03-01", Single("today()", null, context).ToString());
        // Age in whole years: the usual prior-auth age check.
        Assert.Equal(true, Single("birthDate + 45 years <= today()", Patient, context));
        Assert.Equal(false, Single("birthDate + 46 years <= today()", Patient, context));
    }

    [Fact]
    public void TypeReflection()
    {
        Assert.Equal("Patient", Single("type().name", Patient));
        Assert.Equal("FHIR", Single("type().namespace", Patient));
        Assert.Equal("Integer", Single("1.type().name", null));
        Assert.Equal(true, Single("Patient.is(DomainResource)", Patient));
        Assert.Equal(true, Single("active.is(FHIR.boolean) and active.is(System.Boolean).not()", Patient));
    }

    [Fact]
    public void SingletonRulesRaiseErrorsForSeveralItems() =>
        Assert.Throws<FhirPathEvaluationException>(() => Eval("name.given.startsWith('A')", Patient));

    [Fact]
    public void IsTrue_TreatsEmptyAsFalse()
    {
        Assert.True(FhirPathCompiler.Compile("active").IsTrue(Patient));
        Assert.False(FhirPathCompiler.Compile("deceased").IsTrue(Patient));
    }
}
