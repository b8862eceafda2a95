using System.Text.RegularExpressions;

namespace FhirPriorAuth.Server.Storage;

/// <summary>Rejects malformed resource types and ids before they reach SQL or the logs.</summary>
internal static partial class ResourceKeys
{
    // FHIR R4: resource type names are PascalCase letters; ids are [A-Za-z0-9\-\.]{1,64}.
    [GeneratedRegex("^[A-Z][A-Za-z]{0,63}$")]
    private static partial Regex TypePattern();

    [GeneratedRegex(@"^[A-Za-z0-9\-\.]{1,64}$")]
    private static partial Regex IdPattern();

    public static void CheckType(string resourceType)
    {
        if (resourceType is null || !TypePattern().IsMatch(resourceType))
            throw new ArgumentException("Not a FHIR resource type name.", nameof(resourceType));
    }

    public static void Check(string resourceType, string id)
    {
        CheckType(resourceType);
        if (id is null || !IdPattern().IsMatch(id))
            throw new ArgumentException("Not a FHIR logical id.", nameof(id));
    }

    public static void CheckTokens(IReadOnlyCollection<SearchToken> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        foreach (var token in tokens)
        {
            if (string.IsNullOrEmpty(token.Parameter) || token.Value is null)
                throw new ArgumentException("A search token needs a parameter name and a value.", nameof(tokens));
        }
    }
}
