using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Elements;

namespace FhirPriorAuth.Fhir.Tests.Elements;

public class ElementNodeTests
{
    private static ElementNode Root(string json) => ElementNode.FromResource(JsonNode.Parse(json)!.AsObject());

    [Fact]
    public void FromResource_IsARootTypedByResourceType()
    {
        var root = Root("""{"resourceType":"Patient","id":"p1"}""");

        Assert.Equal(("Patient", "Patient", "Patient", "Patient"), (root.Name, root.InstanceType, root.TypePath, root.Location));
        Assert.True(root.IsResource);
        Assert.Null(root.Parent);
        Assert.Equal(-1, root.Index);
    }

    [Fact]
    public void Children_SkipResourceTypeAndKeepDocumentOrder()
    {
        var root = Root("""{"resourceType":"Patient","id":"p1","active":true,"gender":"male"}""");

        Assert.Equal(["id", "active", "gender"], root.Children().Select(c => c.Name));
        Assert.Equal(["string", "boolean", "code"], root.Children().Select(c => c.InstanceType));
    }

    [Fact]
    public void Children_ResolveChoiceTypesByDefinedName()
    {
        var root = Root("""{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":{"value":1.5,"unit":"kg"}}""");

        var value = Assert.Single(root.Children("value"));

        Assert.Equal(("value", "valueQuantity", "Quantity", "Observation.value"), (value.Name, value.JsonName, value.InstanceType, value.Location));
        Assert.Equal("1.5", value.Children("value").Single().Json!.ToJsonString());
        Assert.Empty(root.Children("valueQuantity"));
    }

    [Fact]
    public void Children_MergePrimitiveArraysWithTheirUnderscoreSiblings()
    {
        var root = Root("""
            {"resourceType":"Patient","name":[{"given":["Jim",null,"Jo"],
             "_given":[null,{"extension":[{"url":"http://e","valueString":"x"}]},{"id":"g3"}]}]}
            """);

        var given = root.Children("name").Single().Children("given").ToList();

        Assert.Equal(3, given.Count);
        Assert.Equal("Jim", given[0].Json!.GetValue<string>());
        Assert.Null(given[0].PrimitiveExtensions);
        Assert.Null(given[1].Json);
        Assert.Equal("http://e", given[1].Children("extension").Single().Children("url").Single().Json!.GetValue<string>());
        Assert.Equal("g3", given[2].Children("id").Single().Json!.GetValue<string>());
        Assert.Equal(["Patient.name[0].given[0]", "Patient.name[0].given[1]", "Patient.name[0].given[2]"], given.Select(g => g.Location));
        Assert.All(given, g => Assert.Equal("string", g.InstanceType));
    }

    [Fact]
    public void Children_PrimitiveWithOnlyExtensionsIsStillAnElement()
    {
        var root = Root("""{"resourceType":"Patient","_birthDate":{"extension":[{"url":"http://e","valueBoolean":true}]}}""");

        var birthDate = Assert.Single(root.Children("birthDate"));

        Assert.Equal(("birthDate", "date", "Patient.birthDate"), (birthDate.Name, birthDate.InstanceType, birthDate.Location));
        Assert.Null(birthDate.Json);
        Assert.True(birthDate.IsPrimitive);
        Assert.Single(birthDate.Children("extension"));
    }

    [Fact]
    public void Children_IndexOnlyRepeatingElements()
    {
        var root = Root("""{"resourceType":"Claim","item":[{"sequence":1,"productOrService":{"text":"a"}},{"sequence":2}]}""");

        var items = root.Children("item").ToList();
        var sequence = items[1].Children("sequence").Single();

        Assert.Equal(("BackboneElement", "Claim.item", 1), (items[1].InstanceType, items[1].TypePath, items[1].Index));
        Assert.Equal(("positiveInt", "Claim.item[1].sequence", -1), (sequence.InstanceType, sequence.Location, sequence.Index));
        Assert.Equal("Claim.item[0].productOrService.text", items[0].Children("productOrService").Single().Children("text").Single().Location);
    }

    [Fact]
    public void Children_FollowContentReferences()
    {
        var root = Root("""{"resourceType":"Questionnaire","status":"draft","item":[{"linkId":"1","type":"group","item":[{"linkId":"1.1","type":"string"}]}]}""");

        var nested = root.Children("item").Single().Children("item").Single();

        Assert.Equal("Questionnaire.item", nested.TypePath);
        Assert.Equal("1.1", nested.Children("linkId").Single().Json!.GetValue<string>());
        Assert.Equal("Questionnaire.item[0].item[0].linkId", nested.Children("linkId").Single().Location);
    }

    [Fact]
    public void Children_ContainedResourcesAreRootsTypedByTheirResourceType()
    {
        var root = Root("""{"resourceType":"Patient","contained":[{"resourceType":"Organization","id":"o1","name":"Acme"}],"managingOrganization":{"reference":"#o1"}}""");

        var org = Assert.Single(root.Children("contained"));

        Assert.Equal(("contained", "Organization", "Organization", "Patient.contained[0]"), (org.Name, org.InstanceType, org.TypePath, org.Location));
        Assert.True(org.IsResource);
        Assert.Equal(["id", "name"], org.Children().Select(c => c.Name));
        Assert.Equal("Patient.contained[0].name", org.Children("name").Single().Location);
    }

    [Fact]
    public void Children_BundleAndParametersResourcesAreRoots()
    {
        var bundle = Root("""{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:uuid:1","resource":{"resourceType":"Claim","status":"active"}}]}""");
        var parameters = Root("""{"resourceType":"Parameters","parameter":[{"name":"r","resource":{"resourceType":"Patient","gender":"male"}}]}""");

        var claim = bundle.Children("entry").Single().Children("resource").Single();
        var patient = parameters.Children("parameter").Single().Children("resource").Single();

        Assert.Equal(("Claim", "Bundle.entry[0].resource"), (claim.InstanceType, claim.Location));
        Assert.Equal("code", claim.Children("status").Single().InstanceType);
        Assert.Equal(("Patient", "Parameters.parameter[0].resource"), (patient.InstanceType, patient.Location));
    }

    [Fact]
    public void Children_UnknownPropertiesHaveNoType()
    {
        var root = Root("""{"resourceType":"Patient","madeUp":{"deeper":1},"active":true}""");

        var unknown = root.Children("madeUp").Single();

        Assert.Null(unknown.InstanceType);
        Assert.Null(unknown.TypePath);
        Assert.Equal("Patient.madeUp", unknown.Location);
        Assert.Equal("deeper", unknown.Children().Single().Name);
        Assert.Null(unknown.Children().Single().InstanceType);
    }

    [Fact]
    public void FromResource_UnknownResourceTypeGivesAnUntypedRoot()
    {
        var root = Root("""{"resourceType":"Nonsense","id":"x"}""");

        Assert.Null(root.InstanceType);
        Assert.Null(root.Children().Single().InstanceType);
    }

    [Fact]
    public void Children_OfPrimitiveAreItsIdAndExtensions()
    {
        var root = Root("""{"resourceType":"Patient","gender":"male","_gender":{"id":"g","extension":[{"url":"http://e","valueCode":"x"}]}}""");

        var gender = root.Children("gender").Single();

        Assert.Equal("male", gender.Json!.GetValue<string>());
        Assert.Equal(["id", "extension"], gender.Children().Select(c => c.Name));
        Assert.Equal("code", gender.Children("extension").Single().Children("value").Single().InstanceType);
        Assert.Single(root.Children());
    }
}
