using System.Text.Json.Nodes;
using FhirPriorAuth.Fhir.Elements;
using FhirPriorAuth.Fhir.FhirPath.Values;

namespace FhirPriorAuth.Fhir.FhirPath;

/// <summary>
/// <c>resolve()</c>: references are looked up where a prior-auth request carries its evidence — contained resources
/// (<c>#id</c>), the enclosing Bundle (by <c>fullUrl</c>, including <c>urn:uuid:</c>, or by <c>Type/id</c>) — and then
/// through the caller's resolver.
/// </summary>
internal static class References
{
    public static ElementNode? Resolve(object item, EvaluationRun run)
    {
        var origin = item as ElementNode;
        string? reference = item switch
        {
            ElementNode { Json: JsonObject } node => node.Children("reference").Select(ItemValues.ToSystemValue).OfType<string>().FirstOrDefault(),
            _ => ItemValues.ToSystemValue(item) as string,
        };
        if (string.IsNullOrEmpty(reference)) return null;
        var start = origin ?? run.Resource;

        if (reference.StartsWith('#'))
        {
            var container = start is null ? null : ContainerOf(start);
            if (container is null) return null;
            if (reference.Length == 1) return container;
            var id = reference[1..];
            return container.Children("contained").FirstOrDefault(r => IdOf(r) == id);
        }

        var root = start is null ? run.RootResource : Root(start);
        if (root is not null && root.InstanceType == "Bundle")
        {
            foreach (var entry in root.Children("entry"))
            {
                var resource = entry.Children("resource").FirstOrDefault();
                if (resource is null) continue;
                var fullUrl = entry.Children("fullUrl").Select(ItemValues.ToSystemValue).OfType<string>().FirstOrDefault();
                if (fullUrl == reference) return resource;
                var typeAndId = resource.InstanceType + "/" + IdOf(resource);
                if (reference == typeAndId || reference.EndsWith("/" + typeAndId, StringComparison.Ordinal)
                    || (fullUrl is not null && fullUrl.EndsWith("/" + reference, StringComparison.Ordinal)))
                    return resource;
            }
        }
        return run.Context.ReferenceResolver?.Invoke(reference);
    }

    private static string? IdOf(ElementNode resource) => resource.Children("id").Select(ItemValues.ToSystemValue).OfType<string>().FirstOrDefault();

    /// <summary>The resource that holds <c>contained</c> for this node: the outermost resource below any Bundle entry.</summary>
    private static ElementNode? ContainerOf(ElementNode node)
    {
        ElementNode? container = null;
        for (var n = node; n is not null; n = n.Parent)
        {
            if (!n.IsResource) continue;
            if (n.InstanceType == "Bundle" && container is not null) break;
            container = n;
        }
        return container;
    }

    internal static ElementNode Root(ElementNode node)
    {
        var n = node;
        while (n.Parent is not null) n = n.Parent;
        return n;
    }

    /// <summary>The nearest resource enclosing a node (itself when it is one), which <c>%resource</c> denotes.</summary>
    internal static ElementNode? EnclosingResource(ElementNode node)
    {
        for (var n = node; n is not null; n = n.Parent)
            if (n.IsResource) return n;
        return null;
    }
}
