using FhirPriorAuth.Testing;

namespace FhirPriorAuth.Fhir.Tests;

public class SharedDataTests
{
    [Fact]
    public void SharedFolder_WhenPresent_HoldsTheConformanceFixtures()
    {
        Assert.SkipWhen(SharedData.Root is null, SharedData.MissingMessage);
        Assert.True(Directory.Exists(SharedData.PathTo("conformance", "pas")), "shared/conformance/pas is missing");
    }
}
