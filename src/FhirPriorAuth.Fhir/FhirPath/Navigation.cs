using FhirPriorAuth.Fhir.Elements;
using FhirPriorAuth.Fhir.FhirPath.Values;
using FhirPriorAuth.Fhir.Model;

namespace FhirPriorAuth.Fhir.FhirPath;

/// <summary>Moving from items to their children by name.</summary>
internal static class Navigation
{
    private static readonly IReadOnlyList<object> Empty = [];

    public static IReadOnlyList<object> Children(IReadOnlyList<object> focus, string name, bool maybeType)
    {
        if (focus.Count == 0) return Empty;
        List<object>? result = null;
        foreach (var item in focus)
        {
            switch (item)
            {
                case ElementNode node:
                    if (maybeType && node.IsResource && ItemValues.IsOfType(node, name))
                    {
                        (result ??= []).Add(node);
                        continue;
                    }
                    foreach (var child in node.Children(name)) (result ??= []).Add(child);
                    break;
                case TypeSpecifier ts when name is "namespace" or "name":
                    (result ??= []).Add(name == "namespace" ? ts.Namespace : ts.Name);
                    break;
            }
        }
        if (result is null) CheckDefined(focus, name);
        return result ?? Empty;
    }

    /// <summary>
    /// Navigating to a name that no typed element of the input defines is a semantic error (it catches typos such as
    /// <c>name.given1</c> or <c>valueQuantity</c> for the choice element <c>value</c>). Mixed inputs (descendants())
    /// pass when any of their types defines the name.
    /// </summary>
    private static void CheckDefined(IReadOnlyList<object> focus, string name)
    {
        string? typed = null;
        foreach (var item in focus)
        {
            if (item is not ElementNode { TypePath: { } typePath } node || node.IsPrimitive) continue;
            if (IsDefined(typePath, name)) return;
            typed ??= node.InstanceType ?? typePath;
        }
        if (typed is not null) throw new FhirPathEvaluationException($"'{name}' is not an element of {typed}");
    }

    /// <summary>Whether the model defines an element of that name (choice elements by their base name: <c>value</c>, not <c>valueQuantity</c>).</summary>
    private static bool IsDefined(string typePath, string name) => R4Model.FindElement(typePath, name) is not null;
}
