using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Serialization;

namespace FhirPriorAuth.Fhir.Tests.Serialization;

public class FhirXmlReaderTests
{
    private const string Xml = """
        <Patient xmlns="http://hl7.org/fhir">
          <id value="x1"/>
          <text><status value="generated"/><div xmlns="http://www.w3.org/1999/xhtml"><p>Ana</p></div></text>
          <extension url="http://example.org/ext/score"><valueDecimal value="2.50"/></extension>
          <active value="true"/>
          <name><given value="Ana"/><given id="g2"><extension url="http://example.org/ext/x"><valueString value="y"/></extension></given></name>
          <multipleBirthInteger value="2"/>
          <birthDate value="1980-06-15"><extension url="http://hl7.org/fhir/StructureDefinition/patient-birthTime"><valueDateTime value="1980-06-15T08:30:00Z"/></extension></birthDate>
          <contained><Organization><id value="o1"/><name value="Acme"/></Organization></contained>
        </Patient>
        """;

    private static readonly JsonObject Json = FhirXmlReader.Read(Xml);

    [Fact]
    public void ResourceTypeAndSimpleValues()
    {
        Assert.Equal("Patient", (string?)Json["resourceType"]);
        Assert.Equal("x1", (string?)Json["id"]);
        Assert.True((bool)Json["active"]!);
        Assert.Equal(2, (int)Json["multipleBirthInteger"]!);
    }

    [Fact]
    public void RepeatingElementsBecomeArrays_EvenWithOneItem()
    {
        Assert.IsType<JsonArray>(Json["name"]);
        Assert.IsType<JsonArray>(Json["extension"]);
        Assert.IsType<JsonArray>(Json["contained"]);
    }

    [Fact]
    public void DecimalsKeepTheirWrittenPrecision() =>
        Assert.Equal("2.50", Json["extension"]![0]!["valueDecimal"]!.ToJsonString());

    [Fact]
    public void PrimitiveExtensionsGoToUnderscoreSiblings_AlignedInArrays()
    {
        Assert.Equal("1980-06-15", (string?)Json["birthDate"]);
        Assert.Equal("http://hl7.org/fhir/StructureDefinition/patient-birthTime", (string?)Json["_birthDate"]!["extension"]![0]!["url"]);
        var given = Assert.IsType<JsonArray>(Json["name"]![0]!["given"]);
        var extras = Assert.IsType<JsonArray>(Json["name"]![0]!["_given"]);
        Assert.Equal(2, given.Count);
        Assert.Null(given[1]);
        Assert.Null(extras[0]);
        Assert.Equal("g2", (string?)extras[1]!["id"]);
    }

    [Fact]
    public void XhtmlStaysAString() => Assert.Contains("<p>Ana</p>", (string?)Json["text"]!["div"]);

    [Fact]
    public void ContainedResourcesAreUnwrapped() =>
        Assert.Equal("Organization", (string?)Json["contained"]![0]!["resourceType"]);
}
