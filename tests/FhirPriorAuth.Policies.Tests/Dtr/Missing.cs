namespace FhirPriorAuth.Policies.Tests.Dtr;

internal static class Missing
{
    /// <summary>Fails naming every element that should not be there (Assert.Empty would name only the first few).</summary>
    public static void None<T>(IEnumerable<T> unexpected)
    {
        var list = unexpected.ToList();
        Assert.True(list.Count == 0, "not found: " + string.Join(", ", list));
    }
}
