using FhirPriorAuth.Fhir.Model;

namespace FhirPriorAuth.Fhir.Tests.Model;

public class R4ModelTests
{
    [Theory]
    [InlineData("Patient", TypeKind.Resource, "DomainResource", false)]
    [InlineData("Bundle", TypeKind.Resource, "Resource", false)]
    [InlineData("DomainResource", TypeKind.Resource, "Resource", true)]
    [InlineData("Resource", TypeKind.Resource, null, true)]
    [InlineData("HumanName", TypeKind.ComplexType, "Element", false)]
    [InlineData("Age", TypeKind.ComplexType, "Quantity", false)]
    [InlineData("Timing", TypeKind.ComplexType, "BackboneElement", false)]
    [InlineData("code", TypeKind.PrimitiveType, "string", false)]
    [InlineData("positiveInt", TypeKind.PrimitiveType, "integer", false)]
    [InlineData("Element", TypeKind.ComplexType, null, true)]
    public void FindType_KnowsKindBaseAndAbstractness(string name, TypeKind kind, string? baseType, bool isAbstract)
    {
        var type = R4Model.FindType(name);

        Assert.Equal(new FhirTypeInfo(name, kind, baseType, isAbstract), type);
    }

    [Theory]
    [InlineData("SimpleQuantity")] // a constraint profile, not a type
    [InlineData("MetadataResource")] // a logical model
    [InlineData("System.String")]
    [InlineData("patient")]
    public void FindType_IsNullForNonTypes(string name) => Assert.Null(R4Model.FindType(name));

    [Fact]
    public void AllTypes_CoverEveryR4TypeAndResource()
    {
        Assert.Equal(20, R4Model.AllTypes.Count(t => t.Kind == TypeKind.PrimitiveType));
        Assert.Equal(147, R4Model.AllTypes.Count(t => t.Kind == TypeKind.Resource && !t.IsAbstract));
        foreach (var name in new[] { "Observation", "Questionnaire", "ValueSet", "CodeSystem", "Parameters", "Appointment", "ExplanationOfBenefit", "ClaimResponse" })
            Assert.True(R4Model.IsConcreteResource(name), name);
    }

    [Theory]
    [InlineData("Observation", "valueQuantity", "Observation.value[x]", "Quantity")]
    [InlineData("Observation", "valueString", "Observation.value[x]", "string")]
    [InlineData("Observation", "valueDateTime", "Observation.value[x]", "dateTime")]
    [InlineData("Observation", "effectivePeriod", "Observation.effective[x]", "Period")]
    [InlineData("Patient", "deceasedBoolean", "Patient.deceased[x]", "boolean")]
    [InlineData("Extension", "valueCodeableConcept", "Extension.value[x]", "CodeableConcept")]
    public void FindChild_ResolvesChoiceVariantsByExactTypeCode(string type, string jsonName, string path, string chosen)
    {
        var (element, t) = R4Model.FindChild(type, jsonName)!.Value;

        Assert.Equal(path, element.Path);
        Assert.Equal(chosen, t);
        Assert.True(element.IsChoice);
        Assert.Equal(jsonName[..element.Name.Length], element.Name);
    }

    [Theory]
    [InlineData("Observation", "value")] // the bare choice name is not a JSON property
    [InlineData("Observation", "valuestring")] // case matters
    [InlineData("Observation", "valueHumanName")] // not an allowed type
    [InlineData("Patient", "unknown")]
    [InlineData("Patient", "resourceType")]
    [InlineData("string", "value")] // a primitive's value is the JSON value itself
    public void FindChild_IsNullForUndefinedNames(string type, string jsonName) =>
        Assert.Null(R4Model.FindChild(type, jsonName));

    [Theory]
    [InlineData("Patient", "id", "Patient.id", "string")]
    [InlineData("Patient", "meta", "Patient.meta", "Meta")]
    [InlineData("Patient", "text", "Patient.text", "Narrative")]
    [InlineData("Patient", "contained", "Patient.contained", "Resource")]
    [InlineData("Patient", "modifierExtension", "Patient.modifierExtension", "Extension")]
    [InlineData("Bundle", "id", "Bundle.id", "string")]
    [InlineData("HumanName", "extension", "HumanName.extension", "Extension")]
    [InlineData("Extension", "url", "Extension.url", "uri")]
    [InlineData("string", "extension", "string.extension", "Extension")]
    [InlineData("Age", "value", "Age.value", "decimal")]
    [InlineData("Claim.item", "modifierExtension", "Claim.item.modifierExtension", "Extension")]
    [InlineData("Claim.item", "sequence", "Claim.item.sequence", "positiveInt")]
    [InlineData("Claim.item.detail", "sequence", "Claim.item.detail.sequence", "positiveInt")]
    [InlineData("Timing.repeat", "id", "Timing.repeat.id", "string")]
    public void FindChild_FindsOwnAndInheritedElements(string typePath, string jsonName, string path, string type)
    {
        var (element, t) = R4Model.FindChild(typePath, jsonName)!.Value;

        Assert.Equal(path, element.Path);
        Assert.Equal(type, t);
    }

    [Theory]
    [InlineData("Observation", "value", "Observation.value[x]")]
    [InlineData("Patient", "id", "Patient.id")]
    [InlineData("Claim.item", "sequence", "Claim.item.sequence")]
    [InlineData("Observation", "valueQuantity", null)] // JSON names are for FindChild
    [InlineData("Patient", "nope", null)]
    public void FindElement_UsesDefinedNames(string typePath, string name, string? path) =>
        Assert.Equal(path, R4Model.FindElement(typePath, name)?.Path);

    [Fact]
    public void FindChild_BackbonesPointAtTheirOwnPath()
    {
        var (item, type) = R4Model.FindChild("Claim", "item")!.Value;

        Assert.Equal("BackboneElement", type);
        Assert.True(item.IsBackbone);
        Assert.True(item.IsRepeating);
        Assert.Equal("Claim.item", item.TypePath);
    }

    [Fact]
    public void FindChild_FollowsContentReference()
    {
        var (nested, type) = R4Model.FindChild("Questionnaire.item", "item")!.Value;

        Assert.Equal("#Questionnaire.item", nested.ContentReference);
        Assert.Equal("Questionnaire.item", nested.TypePath);
        Assert.Equal("BackboneElement", type);
        Assert.Equal("Questionnaire.item.linkId", R4Model.FindChild(nested.TypePath!, "linkId")!.Value.Element.Path);
    }

    [Fact]
    public void ElementsOf_ListsInheritedElementsFirstInDefinitionOrder()
    {
        var names = R4Model.ElementsOf("Patient").Select(e => e.Name).ToList();

        Assert.Equal(["id", "meta", "implicitRules", "language", "text", "contained", "extension", "modifierExtension", "identifier"], names.Take(9));
        Assert.Contains("deceased", names);
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Fact]
    public void ElementsOf_RecordsCardinality()
    {
        var status = R4Model.ElementsOf("Claim").Single(e => e.Name == "status");
        var identifier = R4Model.ElementsOf("Claim").Single(e => e.Name == "identifier");

        Assert.Equal((1, false), (status.Min, status.IsRepeating));
        Assert.Equal((0, true), (identifier.Min, identifier.IsRepeating));
        Assert.Empty(R4Model.ElementsOf("NoSuchType"));
    }

    [Theory]
    [InlineData("Patient", "DomainResource", true)]
    [InlineData("Patient", "Resource", true)]
    [InlineData("Patient", "Patient", true)]
    [InlineData("Bundle", "DomainResource", false)]
    [InlineData("code", "string", true)]
    [InlineData("string", "code", false)]
    [InlineData("Age", "Quantity", true)]
    [InlineData("Quantity", "Element", true)]
    [InlineData("NoSuchType", "Element", false)]
    public void IsSubtypeOf_WalksTheBaseChain(string type, string ancestor, bool expected) =>
        Assert.Equal(expected, R4Model.IsSubtypeOf(type, ancestor));
}
